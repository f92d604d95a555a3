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

/** Polls until `check` holds; a bound on waiting, not a timing assertion. */
async function until(check: () => boolean | Promise<boolean>, limitMs = 10_000) {
  const deadline = Date.now() + limitMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('gave up waiting')
    await sleep(10)
  }
}

describe('holdingClaim', () => {
  it('renews the lease while the work runs, and no longer once it is over', async () => {
    const { t, held } = await claimed('slow', 90)
    const result = await holdingClaim(
      t.deps,
      { topic: 'host-webhook', claimToken: 'slow', leaseMs: 90 },
      async () => {
        t.clock.advance(60_000)
        // A renewal (every 30 ms) moves the lease past the new time.
        await until(async () =>
          (await held()).every((row) => Number(row.claimed_until) === t.deps.now() + 90),
        )
        return 'finished'
      },
    )
    expect(result).toBe('finished')
    expect((await held()).every((row) => row.claimed_by === 'slow')).toBe(true)
    t.clock.advance(60_000)
    await sleep(200)
    expect((await held()).every((row) => Number(row.claimed_until) < t.deps.now())).toBe(true)
  })

  it('work that throws keeps its rows until the lease runs out (a call may still be on its way), then lets them go', async () => {
    const { t, held } = await claimed('broken', 90)
    await expect(
      holdingClaim(t.deps, { topic: 'host-webhook', claimToken: 'broken', leaseMs: 90 }, () =>
        Promise.reject(new Error('database gone')),
      ),
    ).rejects.toThrow('database gone')
    const leaseEnd = t.deps.now() + 90
    expect(await held()).toEqual([
      { claimed_by: 'broken', claimed_until: leaseEnd },
      { claimed_by: 'broken', claimed_until: leaseEnd },
    ])
    t.clock.advance(91)
    await sleep(200)
    const rows = await claimDue(t.deps.db, {
      topic: 'host-webhook',
      claimToken: 'next',
      limit: 10,
      leaseMs: 90,
      nowMs: t.deps.now(),
    })
    expect(rows).toHaveLength(2)
  })
})
