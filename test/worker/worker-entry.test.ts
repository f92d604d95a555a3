import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Kysely } from 'kysely'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { D1Dialect } from '../../src/db/d1-dialect.js'
import type { D1Database } from '../../src/db/d1-types.js'
import { migrate } from '../../src/db/migrate.js'
import type { Database } from '../../src/db/schema.js'
import { readMigrations } from '../../src/node/migrations.js'

const root = resolve(import.meta.dirname, '../..')
let dir: string
let script: string

// Bundles src/worker.ts exactly as `wrangler deploy` would (any node-only import in the core
// fails here), then runs the bundle on workerd through miniflare.
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'prefcenter-bundle-'))
  const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js')
  execFileSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', dir], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    stdio: 'pipe',
  })
  script = join(dir, 'worker.js')
}, 120_000)

afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function worker(bindings: Record<string, string>) {
  const mf = new Miniflare({
    modules: true,
    scriptPath: script,
    modulesRoot: dir,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: ['DB'],
    bindings,
  })
  return mf
}

describe('the Worker entry (bundled, on workerd)', () => {
  it('answers 500 with a clear message, naming the variable, when SIGNING_KEYS is missing', async () => {
    const mf = await worker({})
    try {
      const res = await mf.dispatchFetch('http://prefcenter.test/healthz')
      expect(res.status).toBe(500)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(body.error.code).toBe('not_configured')
      expect(body.error.message).toContain('SIGNING_KEYS')
    } finally {
      await mf.dispose()
    }
  })

  it('is unhealthy until migrated, then serves; the cron handler runs hourly jobs once an hour', async () => {
    const mf = await worker({
      SIGNING_KEYS: 'k1:worker-entry-secret-0123456789abcdefgh',
      LOG_LEVEL: 'silent',
    })
    try {
      expect((await mf.dispatchFetch('http://prefcenter.test/healthz')).status).toBe(503)
      const d1 = (await mf.getD1Database('DB')) as unknown as D1Database
      await migrate(
        new Kysely<Database>({ dialect: new D1Dialect({ database: d1 }) }),
        await readMigrations(),
      )
      expect((await mf.dispatchFetch('http://prefcenter.test/healthz')).status).toBe(200)
      const form = await mf.dispatchFetch('http://prefcenter.test/', {
        headers: { accept: 'text/html' },
      })
      expect(await form.text()).toContain('value="newsletter"')
      const fetcher = (await mf.getWorker()) as unknown as {
        scheduled(options: { cron: string }): Promise<{ outcome: string }>
      }
      // The hourly prune runs in the first minute of an hour only, not on every trigger.
      const db = new Kysely<Database>({ dialect: new D1Dialect({ database: d1 }) })
      await db
        .insertInto('contacts')
        .values({
          id: 'stale',
          email: 'stale@example.com',
          status: 'active',
          restricted: 0,
          complained: 0,
          created_at: 1,
          updated_at: 1,
        })
        .execute()
      await db
        .insertInto('subscriptions')
        .values({
          contact_id: 'stale',
          list_id: 'newsletter',
          status: 'pending',
          created_at: 1,
          updated_at: 1,
        })
        .execute()
      const hour = Math.floor(Date.now() / 3_600_000) * 3_600_000
      expect(
        (
          await fetcher.scheduled({
            cron: '* * * * *',
            scheduledTime: new Date(hour + 5 * 60_000),
          } as never)
        ).outcome,
      ).toBe('ok')
      expect(
        await db.selectFrom('contacts').select('id').where('id', '=', 'stale').execute(),
      ).toHaveLength(1)
      expect(
        (await fetcher.scheduled({ cron: '* * * * *', scheduledTime: new Date(hour) } as never))
          .outcome,
      ).toBe('ok')
      expect(
        await db.selectFrom('contacts').select('id').where('id', '=', 'stale').execute(),
      ).toHaveLength(0)
    } finally {
      await mf.dispose()
    }
  })
})
