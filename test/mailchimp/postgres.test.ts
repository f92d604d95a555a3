import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import {
  createScratchDatabase,
  postgresAvailable,
  type ScratchDatabase,
} from '../postgres/pg-support.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'
import {
  makeContact,
  makeSubscribedMany,
  outboxRows,
  setLists,
  subscriptionsOf,
} from './helpers.js'

const available = await postgresAvailable()
const SECRET = 'hook-secret-0123456789'

/** The Mailchimp area's queries on PostgreSQL: the same flows as on SQLite, end to end. */
describe.skipIf(!available)('Mailchimp sync on PostgreSQL', () => {
  let scratch: ScratchDatabase
  let mc: FakeMailchimpServer
  let t: TestApp

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    mc = await startFakeMailchimp()
    t = await createTestApp(mc.env({ DATABASE_URL: scratch.url, MAILCHIMP_WEBHOOK_SECRET: SECRET }))
  })
  afterAll(async () => {
    await t?.close()
    await mc?.close()
    await scratch?.drop()
  })

  const post = async (fields: Record<string, string>): Promise<Response> =>
    t.app.request(`/webhooks/mailchimp/${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(fields).toString(),
    })

  it('syncs one by one and in batches, applies webhooks once, reconciles, and reports status', async () => {
    const ann = await makeContact(t, 'ann@example.com', { locale: 'pl' })
    await setLists(t, ann, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('ann@example.com')).toMatchObject({ status: 'subscribed', language: 'pl' })

    await makeSubscribedMany(t, 40, 'pg')
    await drainMailchimp(t.deps)
    expect(mc.audience.members.size).toBe(41)
    expect((await outboxRows(t)).every((row) => row.done_at !== null)).toBe(true)

    const fields = {
      type: 'unsubscribe',
      fired_at: '2026-11-22 12:05:00',
      'data[email]': 'ann@example.com',
      'data[action]': 'unsub',
      'data[reason]': 'abuse',
    }
    expect(await (await post(fields)).json()).toMatchObject({ status: 'applied', changes: 1 })
    expect(await (await post(fields)).json()).toMatchObject({ status: 'replay' })
    expect(await subscriptionsOf(t, 'ann@example.com')).toEqual({ newsletter: 'unsubscribed' })

    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post({
          type: 'subscribe',
          fired_at: `2026-11-22 12:06:0${i}`,
          'data[email]': 'par@example.com',
          'data[merges][INTERESTS]': 'Webinars',
        }).then((res) => res.status),
      ),
    )
    expect(statuses).toEqual(Array(6).fill(200))
    expect(await subscriptionsOf(t, 'par@example.com')).toEqual({ webinars: 'subscribed' })

    mc.member('pg3@example.com')!.status = 'cleaned'
    mc.member('pg3@example.com')!.last_changed = new Date(t.deps.now() + 60_000).toISOString()
    const report = await (
      await t.app.request('/api/v1/sync/reconcile', {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).json()
    expect(report.appliedFromMailchimp).toHaveLength(1)
    expect(await subscriptionsOf(t, 'pg3@example.com')).toEqual({ newsletter: 'unsubscribed' })

    const status = await (
      await t.app.request('/api/v1/sync', { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    ).json()
    expect(typeof status.queue.depth).toBe('number')
    expect(status.lastSuccessAt).not.toBeNull()
  })
})
