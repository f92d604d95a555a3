/**
 * Request-path benchmark: each case runs in this process against a real app on a real SQLite
 * file, and is reported as a ratio to a baseline (a bare Hono route answering JSON through the
 * same `app.request()` machinery), so the numbers compare across machines and runs.
 *
 * Run: npm run bench
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Hono } from 'hono'
import { createApp } from '../src/app.js'
import { loadConfig } from '../src/config.js'
import { migrate } from '../src/db/migrate.js'
import type { Deps } from '../src/deps.js'
import { contactLinks } from '../src/domain/links/links.js'
import { createLogger } from '../src/logger.js'
import type { Mailer } from '../src/mail/mailer.js'
import { openDatabase } from '../src/node/database.js'
import { readMigrations } from '../src/node/migrations.js'
import { findLists } from '../src/repos/lists.js'
import { TokenSigner } from '../src/tokens/tokens.js'

interface Case {
  name: string
  run: (i: number) => unknown
}

const DURATION_MS = Number(process.env.BENCH_MS ?? 1500)

async function measure(run: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < 50; i++) await run(i)
  let count = 0
  const start = performance.now()
  while (performance.now() - start < DURATION_MS) {
    await run(count)
    count++
  }
  return (performance.now() - start) / count
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'prefcenter-bench-'))
  const config = loadConfig({
    DATABASE_URL: `sqlite:${join(dir, 'bench.db')}`,
    SIGNING_KEYS: 'b1:bench-secret-0123456789abcdefghijklmnopq',
    ADMIN_TOKEN: 'bench-admin-token-0123456789',
    LOG_LEVEL: 'silent',
    SIGNUP_LIMIT_PER_IP: '100000000',
  })
  const database = await openDatabase(config.databaseUrl)
  await migrate(database.db, await readMigrations())
  const mailer: Mailer = { send: async () => {} }
  const deps: Deps = {
    config,
    db: database.db,
    dbKind: database.kind,
    tokens: new TokenSigner(config.signingKeys!),
    mailer,
    logger: createLogger('silent'),
    now: () => Date.now(),
  }
  const app = createApp(deps)
  const baseline = new Hono().get('/', (c) => c.json({ ok: true }))

  // One confirmed contact whose links the cases use.
  const now = Date.now()
  await deps.db
    .insertInto('contacts')
    .values({
      id: 'benchcontact',
      email: 'bench@example.com',
      name: null,
      locale: 'en',
      status: 'active',
      restricted: 0,
      complained: 0,
      created_at: now,
      updated_at: now,
    })
    .execute()
  await deps.db
    .insertInto('subscriptions')
    .values({
      contact_id: 'benchcontact',
      list_id: 'newsletter',
      status: 'subscribed',
      created_at: now,
      updated_at: now,
    })
    .execute()
  const links = await contactLinks(
    deps,
    { id: 'benchcontact', address_version: 0 },
    await findLists(deps.db),
  )
  const path = (url: string) => new URL(url).pathname
  const unsubscribePath = path(links.unsubscribeUrls.newsletter!)
  const preferencesPath = path(links.preferencesUrl)

  const cases: Case[] = [
    { name: 'GET /healthz', run: () => app.request('/healthz') },
    { name: 'GET / (sign-up form)', run: () => app.request('/') },
    {
      name: 'POST /subscribe (JSON, new address)',
      run: (i) =>
        app.request('/subscribe', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            email: `b${i}-${Math.random()}@example.com`,
            lists: ['newsletter'],
          }),
        }),
    },
    { name: 'GET /preferences/:token', run: () => app.request(preferencesPath) },
    {
      name: 'POST /unsubscribe/:token (one-click)',
      run: () =>
        app.request(unsubscribePath, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'List-Unsubscribe=One-Click',
        }),
    },
    {
      name: 'GET /api/v1/contacts/:email',
      run: () =>
        app.request('/api/v1/contacts/bench%40example.com', {
          headers: { authorization: `Bearer ${config.adminToken}` },
        }),
    },
  ]

  const base = await measure(() => baseline.request('/'))
  console.log(
    `baseline: bare Hono JSON route, ${(base * 1000).toFixed(1)} µs/request (${DURATION_MS} ms per case)`,
  )
  console.log('case'.padEnd(42), 'ratio to baseline'.padStart(18), 'status')
  for (const entry of cases) {
    const status = (await entry.run(0)) as Response
    const perOp = await measure(entry.run)
    console.log(entry.name.padEnd(42), `${(perOp / base).toFixed(1)}x`.padStart(18), status.status)
  }
  await database.close()
  rmSync(dir, { recursive: true, force: true })
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
