import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../../src/db/migrate.js'
import { openDatabase, type OpenDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import { claimDue, enqueue, markDone } from '../../src/repos/outbox.js'
import { hit } from '../../src/repos/rate-limits.js'
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from './pg-support.js'

const available = await postgresAvailable()

describe.skipIf(!available)('outbox claims on PostgreSQL', () => {
  let scratch: ScratchDatabase
  const instances: OpenDatabase[] = []

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    // Four "instances": separate pools, as separate processes would have.
    for (let i = 0; i < 4; i++) instances.push(await openDatabase(scratch.url))
    await migrate(instances[0]!.db, await readMigrations())
  })

  afterAll(async () => {
    for (const instance of instances) await instance.close()
    await scratch?.drop()
  })

  it('gives each due row to exactly one of several concurrent claimers', async () => {
    const db = instances[0]!.db
    const now = Date.UTC(2026, 10, 22)
    for (let i = 0; i < 200; i++) await enqueue(db, 'mailchimp', `c${i}`, { n: i }, now)
    const claimed: string[] = []
    // Each instance drains with small batches until nothing is left, all at once.
    await Promise.all(
      instances.flatMap((instance, i) =>
        [0, 1].map(async (j) => {
          for (let pass = 0; ; pass++) {
            const rows = await claimDue(instance.db, {
              topic: 'mailchimp',
              claimToken: `i${i}-w${j}-p${pass}`,
              limit: 7,
              leaseMs: 60_000,
              nowMs: now,
            })
            if (rows.length === 0) {
              const left = await instance.db
                .selectFrom('outbox')
                .select('id')
                .where('claimed_by', 'is', null)
                .where('done_at', 'is', null)
                .execute()
              if (left.length === 0) return
              continue
            }
            claimed.push(...rows.map((row) => row.id))
            await markDone(
              instance.db,
              rows.map((row) => row.id),
              now,
            )
          }
        }),
      ),
    )
    expect(claimed).toHaveLength(200)
    expect(new Set(claimed).size).toBe(200)
    const notDone = await db
      .selectFrom('outbox')
      .select('id')
      .where('done_at', 'is', null)
      .execute()
    expect(notDone).toEqual([])
  })

  it('returns timestamps as numbers, not strings', async () => {
    const row = await instances[0]!.db
      .selectFrom('outbox')
      .select(['created_at', 'done_at'])
      .limit(1)
      .executeTakeFirstOrThrow()
    expect(typeof row.created_at).toBe('number')
    expect(typeof row.done_at).toBe('number')
  })
})

describe.skipIf(!available)('migrations on PostgreSQL', () => {
  it('lets several instances start at once: one migrates, the others wait and find nothing to do', async () => {
    const scratch = await createScratchDatabase()
    const instances = await Promise.all([0, 1, 2].map(() => openDatabase(scratch.url)))
    try {
      const files = await readMigrations()
      const results = await Promise.all(instances.map((instance) => migrate(instance.db, files)))
      expect(results.flat().sort()).toEqual(files.map((file) => file.name).sort())
      const lists = await instances[0]!.db.selectFrom('lists').select('id').execute()
      expect(lists).toHaveLength(4)
    } finally {
      for (const instance of instances) await instance.close()
      await scratch.drop()
    }
  })
})

describe.skipIf(!available)('rate-limit counters on PostgreSQL', () => {
  it('counts concurrent hits from several instances exactly once each', async () => {
    const scratch = await createScratchDatabase()
    const instances = await Promise.all([0, 1, 2, 3].map(() => openDatabase(scratch.url)))
    try {
      await migrate(instances[0]!.db, await readMigrations())
      const now = Date.UTC(2026, 10, 22, 12)
      const counts = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          hit(instances[i % 4]!.db, 'ip:203.0.113.9', 60_000, now),
        ),
      )
      expect([...counts].sort((a, b) => a - b)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1))
    } finally {
      for (const instance of instances) await instance.close()
      await scratch.drop()
    }
  })
})
