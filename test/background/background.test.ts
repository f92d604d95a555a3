import { describe, expect, it } from 'vitest'
import { backoff } from '../../src/background/backoff.js'
import { coalesce } from '../../src/background/coalesce.js'
import { backoffMs } from '../../src/mailchimp/sync-drain.js'

describe('backoff', () => {
  it('doubles from the base, stops at the cap, and scales by the jitter range', () => {
    const policy = { baseMs: 1_000, capMs: 10_000, jitter: [0.5, 1] as const }
    expect(backoff(policy, 0, () => 0)).toBe(500)
    expect(backoff(policy, 2, () => 0)).toBe(2_000)
    expect(backoff(policy, 2, () => 0.5)).toBe(3_000)
    expect(backoff(policy, 500, () => 0)).toBe(5_000)
  })

  it("is the Mailchimp drain's backoff (one policy, same delays)", () => {
    const mailchimp = { baseMs: 2_000, capMs: 30 * 60_000, jitter: [0.5, 1] as const }
    for (const attempts of [0, 1, 3, 10, 40])
      for (const r of [0, 0.25, 0.999])
        expect(backoff(mailchimp, attempts, () => r)).toBe(backoffMs(attempts, () => r))
    // Pinned: 2 s doubling, halved at most by jitter, capped at 30 minutes.
    expect(backoffMs(0, () => 0)).toBe(1_000)
    expect(backoffMs(1, () => 0.999)).toBe(3_998)
    expect(backoffMs(40, () => 0)).toBe(900_000)
  })
})

describe('coalesce', () => {
  it('runs one pass at a time and one more after any number of wake-ups during it', async () => {
    let passes = 0
    let release: () => void = () => {}
    const drain = coalesce(async () => {
      passes++
      await new Promise<void>((resolve) => {
        release = resolve
      })
    })
    drain.wake()
    drain.wake()
    drain.wake()
    expect(passes).toBe(1)
    release()
    await new Promise((resolve) => setImmediate(resolve))
    expect(passes).toBe(2)
    release()
    await drain.running
    expect(passes).toBe(2)
    expect(drain.running).toBeUndefined()
  })

  it('hands each pass to `start` (Workers: waitUntil) and does nothing once stopped', async () => {
    const started: Promise<void>[] = []
    let stopped = false
    let passes = 0
    const drain = coalesce(async () => void passes++, {
      start: (work) => started.push(work),
      stopped: () => stopped,
    })
    drain.wake()
    await Promise.all(started)
    stopped = true
    drain.wake()
    expect(started).toHaveLength(1)
    expect(passes).toBe(1)
  })
})
