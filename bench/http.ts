/**
 * Load benchmark over real HTTP (issue 12). In one run, on this machine:
 * - a bare Hono + @hono/node-server app answering a constant JSON (the yardstick),
 * - `npm start` on a SQLite file and, when PostgreSQL answers, on a scratch PostgreSQL database
 *   (one instance, then two instances on the same database),
 * - the disk's fsynced single-row commit rate (better-sqlite3, WAL, synchronous=FULL),
 * - `prefcenter import` of a generated CSV: rows/s and peak RSS.
 * Every case runs with autocannon at 50 connections; changing cases take a different seeded
 * contact per request, so each request is a real change. Ratios against the bare server in
 * the same run are what compare across machines.
 *
 * Run: npm run bench [-- --full] [-- --no-postgres] [-- --no-sqlite]
 * Env: BENCH_SECONDS (5), BENCH_CONTACTS (20000 per group), BENCH_IMPORT_ROWS (100000;
 *      --full: 1000000), BENCH_DIR (a folder on the disk to measure; default ./data/bench-*),
 *      DATABASE_URL=postgres://... (the PostgreSQL to use; default the local trust-auth one),
 *      BENCH_PG_IMPORT_ROWS (20000), BENCH_WARM_SECONDS (3, unrecorded reads after each start),
 *      BENCH_ONLY (a pattern of case names), BENCH_SERVER (another command than `npm start`,
 *      e.g. for a CPU profile: `node --cpu-prof --cpu-prof-dir=/tmp/prof bin/start.mjs`).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { type Kysely, sql } from 'kysely'
import type { Database } from '../src/db/schema.js'
import { loadConfig } from '../src/config.js'
import { migrate } from '../src/db/migrate.js'
import { openDatabase } from '../src/node/database.js'
import { readMigrations } from '../src/node/migrations.js'
import { createScratchDatabase, postgresAvailable } from '../test/postgres/pg-support.js'
import { type Case, benchCases } from './cases.js'
import { diskCommitRate } from './disk-commit-rate.js'
import { importRate, writeImportCsv, type ImportRate } from './import-rate.js'
import { type LoadResult, load } from './load.js'
import { type CaseResult, type EngineResult, fmt, line, report } from './report.js'
import { ROOT, freePort, startProcess, type Started } from './server.js'
import { seed } from './seed.js'

const { values: flags } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    'no-postgres': { type: 'boolean', default: false },
    'no-sqlite': { type: 'boolean', default: false },
  },
})
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5)
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 20_000)
const IMPORT_ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? (flags.full ? 1_000_000 : 100_000))
/** PostgreSQL imports row by row over the network (about a tenth of SQLite's rate): fewer rows. */
const PG_IMPORT_ROWS = Number(process.env.BENCH_PG_IMPORT_ROWS ?? Math.min(IMPORT_ROWS, 20_000))
const CONNECTIONS = 50
const WARM_SECONDS = Number(process.env.BENCH_WARM_SECONDS ?? 3)
/** BENCH_SERVER: another command than `npm start` (e.g. node --cpu-prof bin/start.mjs). */
const SERVER = (process.env.BENCH_SERVER ?? 'npm start').split(' ')
/** BENCH_ONLY: a pattern of case names to run (while profiling one path). */
const ONLY = process.env.BENCH_ONLY ? new RegExp(process.env.BENCH_ONLY) : undefined
const KEYS = 'b1:bench-secret-0123456789abcdefghijklmnopq'
const ADMIN = 'bench-admin-token-0123456789abcdef'
const HOOK_SECRET = 'bench-webhook-secret-0123'

function serviceEnv(databaseUrl: string, port: number): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    PORT: String(port),
    HOST: '127.0.0.1',
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SIGNING_KEYS: KEYS,
    ADMIN_TOKEN: ADMIN,
    MAILCHIMP_WEBHOOK_SECRET: HOOK_SECRET,
    SIGNUP_LIMIT_PER_IP: '1000000000',
    LOG_LEVEL: 'warn',
    MAIL_TRANSPORT: 'stdout',
  }
}

async function startService(databaseUrl: string): Promise<Started> {
  const port = await freePort()
  return startProcess(SERVER[0]!, SERVER.slice(1), serviceEnv(databaseUrl, port), port, '/healthz')
}

async function runCase(url: string, pid: number, entry: Case): Promise<CaseResult> {
  const result = await load({
    url,
    connections: CONNECTIONS,
    duration: SECONDS,
    request: entry.request,
    pid: pid,
  })
  const wrapped = entry.changes ? Math.max(0, result.requests - entry.changes.length) : 0
  return { name: entry.name, result, wrapped }
}

/** Seeds a fresh database at `databaseUrl`, starts `npm start` on it and runs every case. */
async function benchEngine(
  label: string,
  databaseUrl: string,
  options: { twoInstances: boolean },
): Promise<EngineResult> {
  const database = await openDatabase(databaseUrl)
  await migrate(database.db, await readMigrations())
  const port = await freePort()
  const config = loadConfig(serviceEnv(databaseUrl, port))
  process.stdout.write(`${label}: seeding ${CONTACTS} contacts per group... `)
  const seeded = await seed(database.db, config, CONTACTS)
  const second = options.twoInstances
    ? await seed(database.db, config, CONTACTS, 'second-')
    : undefined
  const third = options.twoInstances
    ? await seed(database.db, config, CONTACTS, 'third-')
    : undefined
  console.log('done')
  const server = await startProcess(
    SERVER[0]!,
    SERVER.slice(1),
    serviceEnv(databaseUrl, port),
    port,
    '/healthz',
  )
  const cases: CaseResult[] = []
  try {
    await warmUp(server.url, seeded)
    for (const entry of benchCases(seeded, {
      adminToken: ADMIN,
      webhookSecret: HOOK_SECRET,
      run: label,
    }).filter((entry) => !ONLY || ONLY.test(entry.name))) {
      const outcome = await runCase(server.url, server.child.pid!, entry)
      console.log(`  ${entry.name.padEnd(42)} ${line(outcome.result)}`)
      cases.push(outcome)
    }
    await verifyChanges(database.db, seeded.clickers.length, cases)
  } finally {
    await server.stop()
  }
  const result: EngineResult = { label, cases }
  if (second && third) result.twoInstances = await twoInstances(databaseUrl, second, third)
  await database.close()
  return result
}

/**
 * A just-started Node compiles its hot code during the first thousands of requests; a server in
 * service is past that. Read-only requests for WARM_SECONDS, not recorded.
 */
async function warmUp(url: string, seeded: Awaited<ReturnType<typeof seed>>): Promise<void> {
  const reads = benchCases(seeded, {
    adminToken: ADMIN,
    webhookSecret: HOOK_SECRET,
    run: 'warm',
  }).filter((entry) => !entry.changes && !entry.name.startsWith('POST'))
  await load({
    url,
    connections: CONNECTIONS,
    duration: WARM_SECONDS,
    request: (i) => reads[i % reads.length]!.request(i),
  })
}

/** One instance at 50 connections, then two instances on the same database at 25 each. */
async function twoInstances(
  databaseUrl: string,
  alone: Awaited<ReturnType<typeof seed>>,
  pair: Awaited<ReturnType<typeof seed>>,
): Promise<{ name: string; one: LoadResult; two: LoadResult }[]> {
  const first = await startService(databaseUrl)
  const other = await startService(databaseUrl)
  await Promise.all([warmUp(first.url, alone), warmUp(other.url, alone)])
  const picked = (seeded: typeof alone) =>
    benchCases(seeded, { adminToken: ADMIN, webhookSecret: HOOK_SECRET, run: 'pair' }).filter(
      (entry) => /preferences\/:token$|one-click/.test(entry.name),
    )
  const rows: { name: string; one: LoadResult; two: LoadResult }[] = []
  try {
    const pairCases = picked(pair)
    for (const [index, entry] of picked(alone).entries()) {
      const one = await load({
        url: first.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        request: entry.request,
      })
      const shared = pairCases[index]!
      // Interleave the pair's contacts: instance A takes the even ones, B the odd ones.
      const [a, b] = await Promise.all([
        load({
          url: first.url,
          connections: CONNECTIONS / 2,
          duration: SECONDS,
          request: (i) => shared.request(2 * i),
        }),
        load({
          url: other.url,
          connections: CONNECTIONS / 2,
          duration: SECONDS,
          request: (i) => shared.request(2 * i + 1),
        }),
      ])
      const two: LoadResult = {
        requests: a.requests + b.requests,
        perSecond: a.perSecond + b.perSecond,
        p50: Math.max(a.p50, b.p50),
        p99: Math.max(a.p99, b.p99),
        non2xx: a.non2xx + b.non2xx,
        errors: a.errors + b.errors,
      }
      console.log(
        `  two instances: ${entry.name.padEnd(34)} one ${fmt(one.perSecond)}/s, two ${fmt(two.perSecond)}/s`,
      )
      rows.push({ name: entry.name, one, two })
    }
  } finally {
    await Promise.all([first.stop(), other.stop()])
  }
  return rows
}

/** The one-click case must really have unsubscribed as many contacts as it got 200s for. */
async function verifyChanges(db: Kysely<Database>, clickers: number, cases: CaseResult[]) {
  const oneClick = cases.find((entry) => entry.name.includes('one-click'))
  if (!oneClick) return
  const row = await db
    .selectFrom('subscriptions')
    .select(sql<number>`count(*)`.as('n'))
    .where('contact_id', 'like', 'clickers-%')
    .where('status', '=', 'unsubscribed')
    .executeTakeFirst()
  const expected = Math.min(clickers, oneClick.result.requests - oneClick.result.non2xx)
  console.log(
    `  one-click: ${Number(row?.n)} contacts unsubscribed; autocannon counted ${expected} distinct 2xx answers (requests still in flight at the end are not counted)`,
  )
}

async function main(): Promise<void> {
  const baseDir = process.env.BENCH_DIR ?? join(ROOT, 'data')
  mkdirSync(baseDir, { recursive: true })
  const dir = mkdtempSync(join(baseDir, 'bench-'))
  const scratch: { drop(): Promise<void> }[] = []
  try {
    console.log(
      `Prefcenter load bench: ${CONNECTIONS} connections, ${SECONDS} s a case, Node ${process.version}`,
    )
    const disk = diskCommitRate(dir, 3000)
    console.log(
      `disk: ${fmt(disk)} fsynced single-row commits/s (better-sqlite3, WAL, synchronous=FULL) in ${dir}`,
    )

    const barePort = await freePort()
    const bare = await startProcess(
      process.execPath,
      ['--import', 'tsx', 'bench/bare-server.tsx'],
      { PORT: String(barePort) },
      barePort,
      '/',
    )
    // Each yardstick after a second of unrecorded load (the page's JSX compiles on first use).
    const measure = async (path: string) => {
      await load({
        url: bare.url,
        connections: CONNECTIONS,
        duration: 1,
        request: () => ({ path }),
      })
      return load({
        url: bare.url,
        connections: CONNECTIONS,
        duration: SECONDS,
        request: () => ({ path }),
        pid: bare.child.pid!,
      })
    }
    let baseline: LoadResult
    let barePage: LoadResult
    try {
      baseline = await measure('/')
      barePage = await measure('/page')
    } finally {
      await bare.stop()
    }
    console.log(`bare Hono: ${line(baseline)}`)
    console.log(`bare Hono, the preferences page from constants: ${line(barePage)}`)

    const engines: EngineResult[] = []
    if (!flags['no-sqlite']) {
      const sqliteUrl = `sqlite:${join(dir, 'service.db')}`
      const sqliteRun = await benchEngine('SQLite', sqliteUrl, { twoInstances: false })
      if (IMPORT_ROWS > 0)
        sqliteRun.imported = await benchImport(dir, `sqlite:${join(dir, 'import.db')}`, IMPORT_ROWS)
      engines.push(sqliteRun)
    }

    const pgUrl = process.env.DATABASE_URL?.startsWith('postgres')
      ? process.env.DATABASE_URL
      : undefined
    if (pgUrl) process.env.PG_TEST_URL = pgUrl
    if (!flags['no-postgres'] && (await postgresAvailable())) {
      const service = await createScratchDatabase()
      scratch.push(service)
      const pgRun = await benchEngine('PostgreSQL', service.url, { twoInstances: true })
      const imports = await createScratchDatabase()
      scratch.push(imports)
      if (PG_IMPORT_ROWS > 0) pgRun.imported = await benchImport(dir, imports.url, PG_IMPORT_ROWS)
      engines.push(pgRun)
    }
    report(baseline, disk, engines, barePage)
  } finally {
    for (const db of scratch) await db.drop().catch(() => undefined)
    rmSync(dir, { recursive: true, force: true })
  }
}

async function benchImport(dir: string, databaseUrl: string, rows: number): Promise<ImportRate> {
  const file = join(dir, `import-${rows}.csv`)
  await writeImportCsv(file, rows)
  const rate = await importRate(file, databaseUrl, rows, {
    SIGNING_KEYS: KEYS,
    LOG_LEVEL: 'warn',
  })
  if (rate.exitCode !== 0) console.log(`  import failed (exit ${rate.exitCode}):\n${rate.output}`)
  console.log(
    `  import: ${fmt(rate.rows)} rows in ${rate.seconds.toFixed(1)} s = ${fmt(rate.perSecond)} rows/s, peak RSS ${Math.round(rate.peakMb)} MB`,
  )
  return rate
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
