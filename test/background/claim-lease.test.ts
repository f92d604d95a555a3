import { afterEach, describe, expect, it } from 'vitest'
import { holdingClaim } from '../../src/background/claim-lease.js'
import { claimDue, enqueue } from '../../src/repos/outbox.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
})

/** A test app (real SQLite file) with two host-webhook rows claimed under `token`. */
async function claimed(token: string, leaseMs: number) {
  const t = await createTestApp()
  apps.push(t)
  for (const type of ['a', 'b'])
    await enqueue(t.deps.db, 'host-webhook', null, { type, data: {} }, t.deps.now())
  const rows = await claimDue(t.deps.db, {
    topic: 'host-webhook',
    claimToken: token,
    limit: 10,
    leaseMs,
    nowMs: t.deps.now(),
  })
  expect(rows).toHaveLength(2)
  const held = () =>
    t.deps.db
      .selectFrom('outbox')
      .select(['claimed_by', 'claimed_until'])
      .where('topic', '=', 'host-webhook')
      .execute()
  return { t, held }
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms))

describe('holdingClaim', () => {
  it('renews the lease while the work runs, and no longer once it is over', async () => {
    const { t, held } = await claimed('slow', 90)
    const result = await holdingClaim(
      t.deps,
      { topic: 'host-webhook', claimToken: 'slow', leaseMs: 90 },
      async () => {
        t.clock.advance(60_000)
        await sleep(150) // several renewals at a third of the lease
        return 'finished'
      },
    )
    expect(result).toBe('finished')
    const renewed = await held()
    expect(renewed.every((row) => row.claimed_by === 'slow')).toBe(true)
    expect(renewed.every((row) => Number(row.claimed_until) === t.deps.now() + 90)).toBe(true)
    t.clock.advance(60_000)
    await sleep(100)
    expect((await held()).every((row) => Number(row.claimed_until) < t.deps.now())).toBe(true)
  })

  it('gives the rows back at once when the work throws, and passes the error on', async () => {
    const { t, held } = await claimed('broken', 60_000)
    await expect(
      holdingClaim(t.deps, { topic: 'host-webhook', claimToken: 'broken', leaseMs: 60_000 }, () =>
        Promise.reject(new Error('database gone')),
      ),
    ).rejects.toThrow('database gone')
    expect(await held()).toEqual([
      { claimed_by: null, claimed_until: null },
      { claimed_by: null, claimed_until: null },
    ])
  })
})
