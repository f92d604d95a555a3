import { afterEach, describe, expect, it } from 'vitest'
import { importRecords, type ImportOptions, type Rejection } from '../../src/domain/admin/import.js'
import { csvTextRecords } from '../../src/domain/admin/import-csv.js'
import {
  createScratchDatabase,
  postgresAvailable,
  type ScratchDatabase,
} from '../postgres/pg-support.js'
import { EVENTS_ENV } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, seedContact } from './helpers.js'

const apps: TestApp[] = []
const scratches: ScratchDatabase[] = []
afterEach(async () => {
  for (const t of apps.splice(0)) await t.close()
  for (const scratch of scratches.splice(0)) await scratch.drop()
})

/**
 * New contacts, existing ones with some lists already as the file says, a restricted contact, an
 * erased (suppressed) address, the same address twice for one list (case differs), and bad rows.
 */
const CSV = `email,list,status,consent_source,consent_text,consent_at,consent_ip,name,locale,updated_at
new1@example.com,newsletter,subscribed,webform,"Yes, send me news",2026-01-01T10:00:00Z,198.51.100.1,New One,fi,
new1@example.com,call-reports,subscribed,,,,,New One,fi,
old@example.com,newsletter,subscribed,webform,yes,2026-01-02T10:00:00Z,,,,
old@example.com,call-reports,subscribed,,,,,,,2026-02-01T00:00:00Z
old@example.com,webinars,unsubscribed,,,,,,,
erased@example.com,call-reports,subscribed,,,,,,,
kept@example.com,call-reports,unsubscribed,,,,,,,
new2@example.com,call-reports,subscribed,,,,,,,
not-an-address,call-reports,subscribed,,,,,,,
New2@Example.com,call-reports,unsubscribed,,,,,,,1767225600000
new2@example.com,newsletter,subscribed,,,,,,,
new3@example.com,no-such-list,subscribed,,,,,,,
new3@example.com,webinars,subscribed,fair,"I agree",2026-01-03T00:00:00Z,2001:db8::1,,en,
new3@example.com,newsletter,subscribed,webform,"Yes, send me news",2026-01-03T00:00:00Z,203.0.113.9,,,
new1@example.com,newsletter,unsubscribed,,,,,,,
`

/** A fresh app with Mailchimp and host webhooks on, the seeded state, then the import. */
async function importWith(
  writer: ImportOptions['writer'],
  engine: 'sqlite' | 'postgres' = 'sqlite',
) {
  const scratch = engine === 'postgres' ? await createScratchDatabase() : undefined
  if (scratch) scratches.push(scratch)
  const t = await createTestApp({
    ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    MAILCHIMP_API_KEY: 'key-us1',
    MAILCHIMP_AUDIENCE_ID: 'aud1',
    MAILCHIMP_API_URL: 'http://127.0.0.1:9/3.0',
    ...EVENTS_ENV,
  })
  apps.push(t)
  await seedContact(t, 'old@example.com', {
    newsletter: 'subscribed',
    'call-reports': 'unsubscribed',
  })
  await seedContact(t, 'kept@example.com', { 'call-reports': 'subscribed' })
  await api(t, 'PUT', `/contacts/${enc('kept@example.com')}/restriction`, { restricted: true })
  await seedContact(t, 'erased@example.com')
  expect((await api(t, 'DELETE', `/contacts/${enc('erased@example.com')}`)).status).toBe(200)
  t.clock.advance(60_000)

  const rejected: Rejection[] = []
  const summary = await importRecords(t.deps, csvTextRecords(CSV), {
    writer,
    // Small batches: several transactions, and a duplicate (address, list) splits a batch.
    batchSize: 5,
    onRejected: (rejection) => {
      rejected.push(rejection)
    },
  })
  return { summary, rejected, importedAt: t.clock.now, state: await stateOf(t) }
}

/** Every contact, subscription, ledger row and outbox row, with contact ids replaced by addresses. */
async function stateOf(t: TestApp) {
  const db = t.deps.db
  const contacts = await db.selectFrom('contacts').selectAll().orderBy('email').execute()
  const emailOf = new Map(contacts.map((contact) => [contact.id, contact.email]))
  // The erased contact's row is gone; its ledger rows keep its id, the same in either run.
  const who = (id: string | null) => (id === null ? null : (emailOf.get(id) ?? 'erased contact'))
  const withoutId = <T extends { id: string }>({ id: _id, ...rest }: T) => rest
  const subscriptions = await db
    .selectFrom('subscriptions')
    .selectAll()
    .orderBy('contact_id')
    .orderBy('list_id')
    .execute()
  // Ids sort by recording time: ordering by them keeps the order the rows were written in.
  const events = await db.selectFrom('consent_events').selectAll().orderBy('id').execute()
  const outbox = await db.selectFrom('outbox').selectAll().orderBy('id').execute()
  return {
    contacts: contacts.map((contact) => withoutId(contact)),
    subscriptions: subscriptions
      .map((row) => ({ ...row, contact_id: who(row.contact_id) }))
      .sort((a, b) => `${a.contact_id} ${a.list_id}`.localeCompare(`${b.contact_id} ${b.list_id}`)),
    events: events.map((row) => ({ ...withoutId(row), contact_id: who(row.contact_id) })),
    outbox: outbox.map((row) => {
      const payload = JSON.parse(row.payload)
      if (payload.contactId) payload.contactId = who(payload.contactId)
      if (payload.data?.contact_id) payload.data.contact_id = who(payload.data.contact_id)
      return { ...withoutId(row), contact_id: who(row.contact_id), payload }
    }),
  }
}

type Run = Awaited<ReturnType<typeof importWith>>

function expectSameRows(bulk: Run, perContact: Run) {
  expect(bulk.summary).toEqual(perContact.summary)
  expect(bulk.rejected).toEqual(perContact.rejected)
  expect(bulk.state.contacts).toEqual(perContact.state.contacts)
  expect(bulk.state.subscriptions).toEqual(perContact.state.subscriptions)
  expect(bulk.state.events).toEqual(perContact.state.events)
  expect(bulk.state.outbox).toEqual(perContact.state.outbox)
}

const SUMMARY = {
  records: 15,
  accepted: 11,
  changed: 10,
  unchanged: 1,
  rejected: 4,
  contactsCreated: 3,
  dryRun: false,
}

describe('import: the bulk writer', () => {
  it('writes exactly the contacts, subscriptions, ledger rows and outbox rows of the per-contact path', async () => {
    const perContact = await importWith('per-contact')
    const bulk = await importWith('bulk')
    expectSameRows(bulk, perContact)

    // And the file did what it says (so the comparison above is about something).
    expect(bulk.summary).toEqual(SUMMARY)
    expect(bulk.rejected.map((row) => [row.line, row.reason]).sort()).toEqual([
      [10, 'invalid email address'],
      [12, expect.stringContaining('consent evidence missing')],
      [13, 'unknown list'],
      [7, 'address is on the suppression list (erased)'],
    ])
    const { events, outbox, subscriptions } = bulk.state
    const imported = events.filter((event) => event.source === 'import')
    expect(imported).toHaveLength(10)
    expect(imported[0]).toMatchObject({
      contact_id: 'new1@example.com',
      list_id: 'newsletter',
      from_status: null,
      to_status: 'subscribed',
      legal_basis: 'consent',
      ip: '198.51.100.1',
      consent_text: 'Yes, send me news',
      detail: JSON.stringify({ consent_source: 'webform' }),
      occurred_at: Date.parse('2026-01-01T10:00:00Z'),
      recorded_at: bulk.importedAt,
    })
    const statuses = (email: string) =>
      subscriptions
        .filter((row) => row.contact_id === email)
        .map((row) => [row.list_id, row.status])
    expect(statuses('new1@example.com')).toEqual([
      ['call-reports', 'subscribed'],
      ['newsletter', 'unsubscribed'],
    ])
    expect(statuses('new2@example.com')).toEqual([['call-reports', 'unsubscribed']])
    expect(statuses('old@example.com')).toEqual([
      ['call-reports', 'subscribed'],
      ['newsletter', 'subscribed'],
      ['webinars', 'unsubscribed'],
    ])
    const fromImport = outbox.filter((row) => row.created_at === bulk.importedAt)
    expect(fromImport.filter((row) => row.topic === 'host-webhook')).toHaveLength(10)
    // The restricted contact's change goes to the host application but not to Mailchimp.
    const topicsOf = (email: string) =>
      new Set(fromImport.filter((row) => row.contact_id === email).map((row) => row.topic))
    expect(topicsOf('kept@example.com')).toEqual(new Set(['host-webhook']))
    for (const email of ['new1', 'new2', 'new3', 'old'].map((name) => `${name}@example.com`))
      expect(topicsOf(email)).toEqual(new Set(['host-webhook', 'mailchimp']))
  })
})

describe.skipIf(!(await postgresAvailable()))('import: the bulk writer on PostgreSQL', () => {
  it('writes exactly the rows of the per-contact path', async () => {
    const perContact = await importWith('per-contact', 'postgres')
    const bulk = await importWith('bulk', 'postgres')
    expectSameRows(bulk, perContact)
    expect(bulk.summary).toEqual(SUMMARY)
    expect(bulk.state.events.filter((event) => event.source === 'import')).toHaveLength(10)
  })
})

describe('import rows with names that cannot be shown back', () => {
  it('are rejected with a reason, as every other door refuses them (a review)', async () => {
    const t = await createTestApp()
    apps.push(t)
    const rejected: Rejection[] = []
    const csv = `email,list,status,name
odd@example.com,call-reports,subscribed,"\u202eevil"
fine@example.com,call-reports,subscribed,Fine Name
`
    const summary = await importRecords(t.deps, csvTextRecords(csv), {
      onRejected: (rejection) => {
        rejected.push(rejection)
      },
    })
    expect(summary).toMatchObject({ accepted: 1, rejected: 1 })
    expect(rejected.map((rejection) => rejection.reason)).toEqual([
      'name contains control characters',
    ])
    const names = await t.deps.db.selectFrom('contacts').select('name').execute()
    expect(names.map((row) => row.name)).toEqual(['Fine Name'])
  })
})
