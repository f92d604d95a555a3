import fc from 'fast-check'
import { Kysely } from 'kysely'
import { Miniflare } from 'miniflare'
import { describe, it } from 'vitest'
import { D1Dialect } from '../../src/db/d1-dialect.js'
import type { D1Database } from '../../src/db/d1-types.js'
import { migrate } from '../../src/db/migrate.js'
import type { Database } from '../../src/db/schema.js'
import { readMigrations } from '../../src/node/migrations.js'
import { createScratchDatabase, postgresAvailable } from '../postgres/pg-support.js'
import { type FakeMailchimpServer, startFakeMailchimp } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { runScenario, stepArb } from './invariant.js'

async function closeBoth(t: TestApp, mc: FakeMailchimpServer): Promise<void> {
  await t.close()
  await mc.close()
}

// Seeded and bounded: the same interleavings on every run, well under a minute per engine.
const steps = fc.array(stepArb, { minLength: 5, maxLength: 30 })
const SECRET = { MAILCHIMP_WEBHOOK_SECRET: 'hook-secret-0123456789' }

describe('Mailchimp mirrors Prefcenter whatever happens (property)', () => {
  it('on SQLite', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(steps, (scenario) =>
        runScenario(async () => {
          const mc = await startFakeMailchimp()
          const t = await createTestApp(mc.env(SECRET))
          return { t, mc, close: () => closeBoth(t, mc) }
        }, scenario),
      ),
      {
        seed: Number(process.env.INVARIANT_SEED ?? 20261201),
        numRuns: Number(process.env.INVARIANT_RUNS ?? 30),
        endOnFailure: true,
      },
    )
  })

  it('on PostgreSQL', { timeout: 120_000 }, async (ctx) => {
    if (!(await postgresAvailable())) return ctx.skip()
    await fc.assert(
      fc.asyncProperty(steps, (scenario) =>
        runScenario(async () => {
          const scratch = await createScratchDatabase()
          const mc = await startFakeMailchimp()
          const t = await createTestApp(mc.env({ ...SECRET, DATABASE_URL: scratch.url }))
          return {
            t,
            mc,
            close: async () => {
              await t.close()
              await mc.close()
              await scratch.drop()
            },
          }
        }, scenario),
      ),
      { seed: 20261202, numRuns: 6, endOnFailure: true },
    )
  })

  it('on D1 (miniflare, the simulator behind wrangler dev)', { timeout: 120_000 }, async () => {
    // One simulator, one fresh database per run (starting a simulator per run costs seconds).
    const runs = 3
    const names = Array.from({ length: runs + 5 }, (_, i) => `DB${i}`)
    const mf = new Miniflare({
      modules: true,
      script: 'export default { fetch() { return new Response(null) } }',
      d1Databases: names,
    })
    let next = 0
    try {
      await fc.assert(
        fc.asyncProperty(steps, (scenario) =>
          runScenario(async () => {
            const d1 = (await mf.getD1Database(names[next++]!)) as unknown as D1Database
            const db = new Kysely<Database>({
              dialect: new D1Dialect({ database: d1, onReadAfterWrite: () => undefined }),
            })
            await migrate(db, await readMigrations())
            const mc = await startFakeMailchimp()
            const t = await createTestApp(mc.env(SECRET), { db, dbKind: 'd1' })
            return { t, mc, close: () => closeBoth(t, mc) }
          }, scenario),
        ),
        { seed: 20261203, numRuns: runs, endOnFailure: true },
      )
    } finally {
      await mf.dispose()
    }
  })
})
