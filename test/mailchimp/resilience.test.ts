import { afterEach, describe, expect, it } from 'vitest'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { makeContact, makeSubscribedMany, outboxRows, setLists } from './helpers.js'

let mc: FakeMailchimpServer
const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
  await mc.close()
})

async function start(env: Record<string, string> = {}) {
  mc = await startFakeMailchimp()
  const t = await createTestApp(mc.env(env))
  apps.push(t)
  return t
}

/** Drains, moving the clock past any backoff, until nothing is waiting (bounded). */
async function drainUntilIdle(t: TestApp, rounds = 30) {
  for (let i = 0; i < rounds; i++) {
    await drainMailchimp(t.deps)
    const waiting = (await outboxRows(t)).filter(
      (row) => row.done_at === null && row.failed_at === null,
    )
    if (waiting.length === 0) return
    t.clock.advance(60 * 60_000)
  }
}

describe('sync through failures', () => {
  it('converges after an outage during a burst of changes', async () => {
    const t = await start()
    mc.down = true
    const people = []
    for (let i = 0; i < 30; i++) {
      const contact = await makeContact(t, `burst${i}@example.com`)
      people.push(contact)
      await setLists(t, contact, { newsletter: 'subscribed' })
      if (i % 3 === 0)
        await setLists(
          t,
          contact,
          { newsletter: 'unsubscribed', webinars: 'subscribed' },
          'preferences',
        )
      if (i % 5 === 0) await drainMailchimp(t.deps)
    }
    const during = await outboxRows(t)
    expect(during.some((row) => row.attempts > 0 && row.last_error?.includes('503'))).toBe(true)
    expect(during.every((row) => row.failed_at === null)).toBe(true)
    mc.down = false
    await drainUntilIdle(t)
    for (const [i] of people.entries()) {
      const member = mc.member(`burst${i}@example.com`)!
      expect(member.status).toBe('subscribed')
      const names = Object.fromEntries(
        mc.audience.categories[0]!.interests.map((interest) => [
          interest.name,
          member.interests[interest.id],
        ]),
      )
      expect(names.Newsletter).toBe(i % 3 !== 0)
      expect(names.Webinars).toBe(i % 3 === 0)
    }
    expect((await outboxRows(t)).every((row) => row.done_at !== null)).toBe(true)
  })

  it('retries 429 and 5xx answers with growing delays', async () => {
    const t = await start()
    const kim = await makeContact(t, 'kim@example.com')
    await setLists(t, kim, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps) // provisions
    mc.failNext(2, 429)
    await setLists(t, kim, { webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    const [, row] = await outboxRows(t)
    expect(row!.attempts).toBe(1)
    expect(row!.last_error).toContain('429')
    const firstDelay = row!.available_at - t.deps.now()
    expect(firstDelay).toBeGreaterThan(0)
    t.clock.advance(firstDelay)
    await drainMailchimp(t.deps)
    const [, again] = await outboxRows(t)
    expect(again!.attempts).toBe(2)
    expect(again!.available_at - t.deps.now()).toBeGreaterThan(firstDelay / 2)
    t.clock.advance(60 * 60_000)
    await drainMailchimp(t.deps)
    expect((await outboxRows(t))[1]!.done_at).not.toBeNull()
    expect(Object.values(mc.member('kim@example.com')!.interests).filter(Boolean)).toHaveLength(2)
  })

  it("records a permanent error with Mailchimp's problem detail and does not retry it", async () => {
    const t = await start()
    const lou = await makeContact(t, 'lou@example.com')
    mc.refuseAsFake('lou@example.com')
    await setLists(t, lou, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    const [row] = await outboxRows(t)
    expect(row!.failed_at).not.toBeNull()
    expect(row!.last_error).toContain('400 Invalid Resource')
    expect(row!.last_error).not.toContain('lou@example.com')
    const puts = mc.requests('PUT').length
    t.clock.advance(24 * 60 * 60_000)
    await drainMailchimp(t.deps)
    expect(mc.requests('PUT')).toHaveLength(puts)

    const res = await t.app.request('/api/v1/sync', {
      headers: { authorization: 'Bearer admin-token-for-tests-0123456789' },
    })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.failures.count).toBe(1)
    expect(body.failures.byReason).toEqual({ '400 Invalid Resource': 1 })
    expect(body.failures.recent[0].error).toContain('looks fake or invalid')
    expect(JSON.stringify(body)).not.toContain('lou@example.com')
  })

  it('sends an address Mailchimp forgot (deleted permanently) as pending: its way back in', async () => {
    const t = await start()
    mc.audience.forgotten.add(
      (await import('../../src/mailchimp/subscriber-hash.js')).subscriberHash('max@example.com'),
    )
    const max = await makeContact(t, 'max@example.com')
    await setLists(t, max, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    const [row] = await outboxRows(t)
    expect(row!.failed_at).toBeNull()
    expect(row!.done_at).not.toBeNull()
    expect(mc.requests('PUT').map((request) => request.body.status)).toEqual([
      'subscribed',
      'pending',
    ])
    expect(mc.member('max@example.com')!.status).toBe('pending')
  })

  it('a new instance on the same database drains what the previous one left', async () => {
    const first = await start()
    mc.down = true
    const ned = await makeContact(first, 'ned@example.com')
    await setLists(first, ned, { newsletter: 'subscribed' })
    await drainMailchimp(first.deps)
    expect((await outboxRows(first))[0]!.done_at).toBeNull()
    const file = first.deps.config.databaseUrl
    await first.deps.db.destroy()
    mc.down = false
    // A restart: a fresh app and fresh gateway on the same SQLite file, clock past the backoff.
    const second = await createTestApp(mc.env({ DATABASE_URL: file }))
    apps.push(second)
    second.clock.advance(60 * 60_000)
    await drainMailchimp(second.deps)
    expect(mc.member('ned@example.com')!.status).toBe('subscribed')
    expect((await outboxRows(second))[0]!.done_at).not.toBeNull()
  })

  it('uses batch subscribe when many are waiting and stays within 10 connections', async () => {
    const t = await start()
    mc.latencyMs = 5
    const seed = await makeContact(t, 'seed@example.com')
    await setLists(t, seed, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    await makeSubscribedMany(t, 1200, 'many')
    await drainMailchimp(t.deps)
    const batches = mc
      .requests('POST', `/lists/${mc.audienceId}`)
      .filter((r) => r.path.endsWith(mc.audienceId))
    expect(batches.length).toBeGreaterThanOrEqual(3)
    expect(
      batches.every((r) => r.body.members.length <= 500 && r.body.update_existing === true),
    ).toBe(true)
    expect(mc.audience.members.size).toBe(1201)
    expect(mc.maxInFlight).toBeLessThanOrEqual(10)
    expect(mc.rejectedForConcurrency).toBe(0)
  })

  it('never has more than 10 calls in flight when sending one by one', async () => {
    const t = await start()
    mc.latencyMs = 20
    const seed = await makeContact(t, 'seed@example.com')
    await setLists(t, seed, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    // Erasures are always one call each: 40 of them in one round.
    for (let i = 0; i < 40; i++) {
      await t.deps.db
        .insertInto('outbox')
        .values({
          id: `d${i}`,
          topic: 'mailchimp',
          contact_id: null,
          payload: JSON.stringify({
            type: 'member.delete_permanent',
            subscriberHash: i.toString(16).padStart(32, '0'),
          }),
          created_at: t.deps.now(),
          available_at: t.deps.now(),
        })
        .execute()
    }
    await drainMailchimp(t.deps)
    expect(mc.requests('POST', '/delete-permanent')).toHaveLength(40)
    expect(mc.maxInFlight).toBe(10)
    expect(mc.rejectedForConcurrency).toBe(0)
  })
})

describe('leases', () => {
  it('rows claimed by a drainer that died become claimable once the lease runs out', async () => {
    const t = await start()
    const oz = await makeContact(t, 'oz@example.com')
    await setLists(t, oz, { newsletter: 'subscribed' })
    const { claimDue } = await import('../../src/repos/outbox.js')
    const claimed = await claimDue(t.deps.db, {
      topic: 'mailchimp',
      claimToken: 'dead-instance',
      limit: 10,
      leaseMs: 5 * 60_000,
      nowMs: t.deps.now(),
    })
    expect(claimed).toHaveLength(1)
    await drainMailchimp(t.deps)
    expect(mc.member('oz@example.com')).toBeUndefined()
    t.clock.advance(5 * 60_000 + 1)
    await drainMailchimp(t.deps)
    expect(mc.member('oz@example.com')!.status).toBe('subscribed')
  })
})

describe('batch refusals', () => {
  it('members the batch refuses are retried alone: a permanent error recorded, a compliance state sent as pending', async () => {
    const t = await start()
    const contacts = await makeSubscribedMany(t, 30, 'b')
    mc.refuseAsFake('b7@example.com')
    mc.seedMember({ email_address: 'b8@example.com', status: 'cleaned' })
    await drainMailchimp(t.deps)
    expect(
      mc.requests('POST', `/lists/${mc.audienceId}`).filter((r) => r.path.endsWith(mc.audienceId)),
    ).toHaveLength(1)
    // b7 alone once (refused for good); b8 alone as subscribed (a compliance state), then pending.
    expect(mc.requests('PUT', '/members/')).toHaveLength(3)
    const rows = await outboxRows(t)
    const failed = rows.filter((row) => row.failed_at !== null)
    expect(failed.map((row) => row.contact_id)).toEqual([contacts[7]!.id])
    expect(failed[0]!.last_error).toContain('looks fake or invalid')
    expect(failed[0]!.last_error).not.toContain('b7@example.com')
    expect(rows.filter((row) => row.done_at !== null)).toHaveLength(29)
    expect(mc.member('b8@example.com')!.status).toBe('pending')
  })

  it('a member the batch keeps unsubscribed without an error is put alone, and sent as pending', async () => {
    const t = await start()
    const contacts = await makeSubscribedMany(t, 25, 'k')
    // Unsubscribed on Mailchimp's side: the batch answers it unchanged in updated_members.
    mc.seedMember({ email_address: 'k3@example.com', status: 'unsubscribed' })
    await drainMailchimp(t.deps)
    const batches = mc
      .requests('POST', `/lists/${mc.audienceId}`)
      .filter((r) => r.path.endsWith(mc.audienceId))
    expect(batches).toHaveLength(1)
    expect(mc.requests('PUT', '/members/')).toHaveLength(2)
    expect(mc.member('k3@example.com')!.status).toBe('pending')
    const awaiting = await t.deps.db
      .selectFrom('mailchimp_member_states')
      .select('contact_id')
      .execute()
    expect(awaiting.map((row) => row.contact_id)).toEqual([contacts[3]!.id])
  })
})

describe('an interest deleted in Mailchimp', () => {
  it('is made again and the refused change still reaches Mailchimp', async () => {
    const t = await start()
    const ida = await makeContact(t, 'ida@example.com')
    await setLists(t, ida, { newsletter: 'subscribed', webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    // Someone deletes the Newsletter group in Mailchimp; the next PUT names its id:
    // 400 Invalid Resource, "Invalid interest ID: '…'." (drewm/mailchimp-api#294).
    const category = mc.audience.categories[0]!
    category.interests = category.interests.filter((interest) => interest.name !== 'Newsletter')
    await setLists(t, ida, { newsletter: 'unsubscribed', webinars: 'unsubscribed' }, 'one_click')
    await drainUntilIdle(t)
    const rows = await outboxRows(t)
    expect(rows.filter((row) => row.failed_at !== null)).toHaveLength(0)
    expect(mc.member('ida@example.com')!.status).toBe('unsubscribed')
    expect(category.interests.map((interest) => interest.name)).toContain('Newsletter')
  })
})

describe('retry cap', () => {
  it('gives up on a row after 25 transient failures, keeping the last error', async () => {
    const t = await start()
    const pat = await makeContact(t, 'pat@example.com')
    await setLists(t, pat, { newsletter: 'subscribed' })
    await t.deps.db.updateTable('outbox').set({ attempts: 24 }).execute()
    mc.down = true
    await drainMailchimp(t.deps)
    const [row] = await outboxRows(t)
    expect(row!.failed_at).not.toBeNull()
    expect(row!.attempts).toBe(25)
    expect(row!.last_error).toContain('503 Service Unavailable')
  })
})

describe('two drainers', () => {
  it('leaves a contact to the drainer already sending an older change of it, then sends the latest', async () => {
    const t = await start()
    const ruby = await makeContact(t, 'ruby@example.com')
    await setLists(t, ruby, { newsletter: 'subscribed' })
    const { claimDue, markDone } = await import('../../src/repos/outbox.js')
    // Another instance holds the first change (its call to Mailchimp still in flight)...
    const [held] = await claimDue(t.deps.db, {
      topic: 'mailchimp',
      claimToken: 'other-instance',
      limit: 10,
      leaseMs: 5 * 60_000,
      nowMs: t.deps.now(),
    })
    // ...when the person unsubscribes.
    await setLists(t, ruby, { newsletter: 'unsubscribed' }, 'one_click')
    const summary = await drainMailchimp(t.deps)
    expect(summary.deferred).toBe(1)
    expect(mc.requests('PUT')).toHaveLength(0)
    const waiting = (await outboxRows(t)).filter((row) => row.id !== held!.id)
    expect(waiting).toMatchObject([{ claimed_by: null, done_at: null, attempts: 0 }])
    // The other instance finishes; the next pass sends the latest state.
    await markDone(t.deps.db, [held!.id], t.deps.now())
    await drainMailchimp(t.deps)
    expect(mc.requests('PUT', '/members/')).toHaveLength(1)
    expect(mc.member('ruby@example.com')!.status).toBe('unsubscribed')
  })
})
