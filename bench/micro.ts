/**
 * The app's own cost per request, without HTTP: `npm run bench:micro [-- case] [-- n]` seeds a
 * fresh SQLite file, then calls `app.fetch` for one case `n` times with 50 requests in flight,
 * and prints microseconds of CPU per request. For profiling one path quickly
 * (`node --cpu-prof --import tsx bench/micro.ts preferences`); the load bench stays the measure.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { createApp } from '../src/app.js'
import { buildNodeDeps } from '../src/node/deps.js'
import { benchCases } from './cases.js'
import { seed } from './seed.js'
import { ROOT } from './server.js'

const pattern = new RegExp(process.argv[2] ?? 'GET /preferences')
const total = Number(process.argv[3] ?? 20_000)
const base = join(ROOT, 'data')
mkdirSync(base, { recursive: true })
const dir = mkdtempSync(join(base, 'bench-micro-'))
const env = {
  DATABASE_URL: `sqlite:${join(dir, 'micro.db')}`,
  PUBLIC_URL: 'http://127.0.0.1:3000',
  SIGNING_KEYS: 'b1:bench-secret-0123456789abcdefghijklmnopq',
  ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
  MAILCHIMP_WEBHOOK_SECRET: 'bench-webhook-secret-0123',
  SIGNUP_LIMIT_PER_IP: '1000000000',
  LOG_LEVEL: 'warn',
  MAIL_TRANSPORT: 'stdout',
}
try {
  const { deps, close, whenDurable } = await buildNodeDeps(env)
  const seeded = await seed(deps.db, deps.config, total)
  const app = createApp(deps)
  const fetch = (request: Request) =>
    whenDurable ? whenDurable(() => app.fetch(request)) : app.fetch(request)
  const cases = benchCases(seeded, {
    adminToken: env.ADMIN_TOKEN,
    webhookSecret: env.MAILCHIMP_WEBHOOK_SECRET,
    run: 'micro',
  }).filter((entry) => pattern.test(entry.name))
  let bytes = 0
  for (const entry of cases) {
    const one = async (i: number) => {
      const spec = entry.request(i)
      const response = await fetch(
        new Request(`http://127.0.0.1:3000${spec.path}`, {
          method: spec.method ?? 'GET',
          headers: spec.headers,
          body: spec.body,
        }),
      )
      bytes = (await response.arrayBuffer()).byteLength
      if (response.status >= 400) throw new Error(`${entry.name}: ${response.status}`)
    }
    const run = async (from: number, to: number) => {
      let next = from
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          while (next < to) await one(next++)
        }),
      )
    }
    await run(0, Math.min(2000, total / 4))
    const started = process.cpuUsage()
    const wall = performance.now()
    await run(Math.min(2000, total / 4), total)
    const used = process.cpuUsage(started)
    const n = total - Math.min(2000, total / 4)
    const cpu = (used.user + used.system) / n
    const rate = n / ((performance.now() - wall) / 1000)
    console.log(
      `${entry.name}: ${cpu.toFixed(0)} µs CPU/request, ${Math.round(rate)} req/s, ${bytes} bytes`,
    )
  }
  await close()
} finally {
  rmSync(dir, { recursive: true, force: true })
}
