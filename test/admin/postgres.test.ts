import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { exportSubscriptions, type ExportRow } from '../../src/domain/admin/export-subscriptions.js'
import { importRecords } from '../../src/domain/admin/import.js'
import { prunePending } from '../../src/domain/privacy/prune.js'
import {
  createScratchDatabase,
  postgresAvailable,
  type ScratchDatabase,
} from '../postgres/pg-support.js'
import { subscriberHash } from '../../src/mailchimp/subscriber-hash.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, evidence, seedContact } from './helpers.js'

const available = await postgresAvailable()

/** The admin, privacy and import paths on PostgreSQL, where BIGINTs come back as strings and counts as bigints. */
describe.skipIf(!available)('admin API, erasure and import on PostgreSQL', () => {
  let scratch: ScratchDatabase
  let t: TestApp

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    t = await createTestApp({
      DATABASE_URL: scratch.url,
      MAILCHIMP_API_KEY: 'key-us1',
      MAILCHIMP_AUDIENCE_ID: 'aud1',
    })
  })

  afterAll(async () => {
    await t?.close()
    await scratch?.drop()
  })

  it('upserts, reads, pages the ledger, counts stats, restricts, exports and erases', async () => {
    await seedContact(t, 'pg@example.com', {
      newsletter: 'subscribed',
      'call-reports': 'subscribed',
    })
    await api(t, 'PUT', `/contacts/${enc('pg@example.com')}`, {
      subscriptions: { 'call-reports': 'unsubscribed' },
    })
    const contact = (await (
      await api(t, 'GET', `/contacts/${enc('pg@example.com')}`)
    ).json()) as any
    expect(contact.created_at).toBe('2026-11-22T12:00:00.000Z')
    expect(contact.events).toHaveLength(3)

    const page1 = (await (await api(t, 'GET', '/events?limit=2')).json()) as any
    const page2 = (await (
      await api(t, 'GET', `/events?limit=2&cursor=${page1.next_cursor}`)
    ).json()) as any
    expect([...page1.events, ...page2.events].map((e: any) => e.to)).toEqual([
      'unsubscribed',
      'subscribed',
      'subscribed',
    ])
    expect(page2.next_cursor).toBeNull()

    const stats = (await (await api(t, 'GET', '/stats')).json()) as any
    expect(stats.lists.find((l: any) => l.id === 'call-reports').counts).toEqual({
      pending: 0,
      subscribed: 0,
      unsubscribed: 1,
    })
    expect(stats.lists.find((l: any) => l.id === 'call-reports').daily.at(-1)).toEqual({
      date: '2026-11-22',
      joins: 0,
      leaves: 1,
    })
    expect(
      stats.lists
        .find((l: any) => l.id === 'newsletter')
        .daily.find((d: any) => d.date === '2026-11-01'),
    ).toEqual({
      date: '2026-11-01',
      joins: 1,
      leaves: 0,
    })

    expect(
      (await api(t, 'PUT', `/contacts/${enc('pg@example.com')}/restriction`, { restricted: true }))
        .status,
    ).toBe(200)
    expect((await api(t, 'GET', `/contacts/${enc('pg@example.com')}/export`)).status).toBe(200)
    expect((await api(t, 'DELETE', `/contacts/${enc('pg@example.com')}`)).status).toBe(200)
    const again = await api(t, 'PUT', `/contacts/${enc('pg@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent: evidence,
    })
    expect(again.status).toBe(422)
    const lists = (await (await api(t, 'GET', '/lists')).json()) as any
    expect(lists.lists[0]).toMatchObject({ id: 'newsletter', public: true, position: 1 })
  })

  it('answers concurrent identical upserts of one contact without a 5xx', async () => {
    await seedContact(t, 'race@example.com', { 'call-reports': 'subscribed' })
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        api(t, 'PUT', `/contacts/${enc('race@example.com')}`, {
          subscriptions: {
            'call-reports': i % 2 ? 'subscribed' : 'unsubscribed',
            webinars: 'subscribed',
          },
          consent: evidence,
        }),
      ),
    )
    expect(results.map((res) => res.status)).toEqual(Array(8).fill(200))
  })

  it('erases a contact once when six DELETEs race: one 200, the rest 404, one ledger event, one deletion queued', async () => {
    // Found by a parity review: on PostgreSQL each of the six erased it again.
    const { id } = await seedContact(t, 'gone@example.com', { newsletter: 'subscribed' })
    const results = await Promise.all(
      Array.from({ length: 6 }, () => api(t, 'DELETE', `/contacts/${enc('gone@example.com')}`)),
    )
    expect(results.map((res) => res.status).sort()).toEqual([200, 404, 404, 404, 404, 404])
    const erased = await t.deps.db
      .selectFrom('consent_events')
      .select('id')
      .where('contact_id', '=', id)
      .where('to_status', '=', 'erased')
      .execute()
    expect(erased).toHaveLength(1)
    const deletions = await t.deps.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'mailchimp')
      .where('payload', 'like', `%${subscriberHash('gone@example.com')}%`)
      .execute()
    expect(deletions).toHaveLength(1)
  })

  it('imports twice (second run changes nothing), exports, and prunes', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      line: i + 2,
      fields: {
        email: `imp${i}@example.com`,
        list: i % 2 ? 'call-reports' : 'newsletter',
        status: 'subscribed',
        consent_source: 'form',
        consent_text: 'yes',
        consent_at: '2026-01-01T00:00:00Z',
      },
    }))
    const first = await importRecords(t.deps, rows)
    expect(first).toMatchObject({
      accepted: 1200,
      changed: 1200,
      rejected: 0,
      contactsCreated: 1200,
    })
    const second = await importRecords(t.deps, rows)
    expect(second).toMatchObject({
      accepted: 1200,
      changed: 0,
      unchanged: 1200,
      contactsCreated: 0,
    })

    const exported: ExportRow[] = []
    for await (const row of exportSubscriptions(t.deps, 500))
      if (row.email.startsWith('imp')) exported.push(row)
    expect(exported).toHaveLength(1200)
    expect(exported.find((row) => row.email === 'imp0@example.com')).toMatchObject({
      list: 'newsletter',
      consent_text: 'yes',
      consent_at: '2026-01-01T00:00:00.000Z',
    })
    expect(await prunePending(t.deps)).toBe(0)
  })
})
