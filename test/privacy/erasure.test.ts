import { readFileSync } from 'node:fs'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { subscriberHash } from '../../src/mailchimp/subscriber-hash.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, evidence, seedContact } from '../admin/helpers.js'
import { eraseContact } from '../../src/domain/privacy/erase.js'
import { findContactByEmail } from '../../src/repos/contacts.js'

let t: TestApp
afterEach(() => t?.close())

const EMAIL = 'erase.me@example.com'
const TABLES = [
  'contacts',
  'subscriptions',
  'consent_events',
  'outbox',
  'suppressions',
  'rate_limits',
  'api_keys',
  'settings',
] as const

/** Every row of every table, as text: the address must appear nowhere after erasure. */
async function everything(t: TestApp): Promise<string> {
  const dump: unknown[] = []
  for (const table of TABLES) dump.push(await t.deps.db.selectFrom(table).selectAll().execute())
  return JSON.stringify(dump).toLowerCase()
}

async function preferencesToken(t: TestApp, email: string): Promise<string> {
  const links = (await (await api(t, 'POST', `/contacts/${enc(email)}/links`)).json()) as any
  return new URL(links.preferences_url).pathname.split('/')[2]!
}

describe('erasure', () => {
  it('erases through the admin API: data gone, ledger stripped, hash suppressed, Mailchimp and host told', async () => {
    t = await createTestApp({
      MAILCHIMP_API_KEY: 'key-us1',
      MAILCHIMP_AUDIENCE_ID: 'aud1',
      EVENTS_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
      EVENTS_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
    })
    const contact = await seedContact(t, EMAIL, {
      newsletter: 'subscribed',
      'call-reports': 'subscribed',
    })
    await api(t, 'PUT', `/contacts/${enc(EMAIL)}`, {
      subscriptions: { 'call-reports': 'unsubscribed' },
      name: 'Erin',
    })
    const res = await api(t, 'DELETE', `/contacts/${enc(EMAIL)}`)
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'erased', contact_id: contact.id })

    expect(await everything(t)).not.toContain(EMAIL)
    expect(await everything(t)).not.toContain('203.0.113.7')
    expect(await everything(t)).not.toContain('erin')
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toEqual([])
    expect(await t.deps.db.selectFrom('subscriptions').selectAll().execute()).toEqual([])
    const events = await t.deps.db.selectFrom('consent_events').selectAll().orderBy('id').execute()
    expect(events.map((e) => [e.list_id, e.to_status])).toEqual([
      ['newsletter', 'subscribed'],
      ['call-reports', 'subscribed'],
      ['call-reports', 'unsubscribed'],
      [null, 'erased'],
    ])
    expect(events.every((e) => e.email === null && e.ip === null && e.user_agent === null)).toBe(
      true,
    )
    // Wording staff supplied is free text (it may name the person): it goes with the rest.
    expect(events.map((e) => e.consent_text)).toEqual([null, null, null, null])
    expect(await t.deps.db.selectFrom('suppressions').selectAll().execute()).toHaveLength(1)
    const outbox = await t.deps.db.selectFrom('outbox').selectAll().orderBy('id').execute()
    const payloads = outbox.map((row) => ({ topic: row.topic, payload: JSON.parse(row.payload) }))
    expect(payloads).toContainEqual({
      topic: 'mailchimp',
      payload: { type: 'member.delete_permanent', subscriberHash: subscriberHash(EMAIL) },
    })
    expect(payloads.find((p) => p.payload.type === 'contact.erased')).toMatchObject({
      topic: 'host-webhook',
      payload: { data: { contact_id: contact.id, source: 'admin' } },
    })
    expect((await api(t, 'GET', `/contacts/${enc(EMAIL)}`)).status).toBe(404)
  })

  it('leaves nothing of the person in the database file once the WAL is checkpointed (an attacker review)', async () => {
    // Deleted and rewritten rows used to stay readable in the file's free space.
    t = await createTestApp()
    const res = await api(t, 'PUT', `/contacts/${enc(EMAIL)}`, {
      subscriptions: { newsletter: 'subscribed', webinars: 'subscribed' },
      consent: evidence,
      name: 'Frank Secretname',
    })
    expect(res.status).toBe(200)
    expect((await api(t, 'DELETE', `/contacts/${enc(EMAIL)}`)).status).toBe(200)
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(t.deps.db)
    const file = readFileSync(t.deps.config.databaseUrl.slice('sqlite:'.length)).toString('latin1')
    expect(file).not.toContain('Secretname')
    expect(file.toLowerCase()).not.toContain(EMAIL)
  })

  it('no door brings an erased address back except its own double opt-in', async () => {
    t = await createTestApp({
      MAILCHIMP_API_KEY: 'key-us1',
      MAILCHIMP_AUDIENCE_ID: 'aud1',
      MAILCHIMP_WEBHOOK_SECRET: 'hook-secret-123',
    })
    await seedContact(t, EMAIL)
    expect((await api(t, 'DELETE', `/contacts/${enc(EMAIL)}`)).status).toBe(200)

    const consent = { source: 'crm', text: 'yes' }
    const put = await api(t, 'PUT', `/contacts/${enc(EMAIL.toUpperCase())}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent,
    })
    expect(put.status).toBe(422)
    expect(((await put.json()) as any).error.code).toBe('suppressed')
    const contract = await api(t, 'PUT', `/contacts/${enc(EMAIL)}`, {
      subscriptions: { 'call-reports': 'subscribed' },
    })
    expect(contract.status).toBe(422)
    const unsubscribeOnly = await api(t, 'PUT', `/contacts/${enc(EMAIL)}`, {
      subscriptions: { newsletter: 'unsubscribed' },
    })
    expect(unsubscribeOnly.status).toBe(422)
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toEqual([])

    // The public sign-up only ever makes lists pending: nothing is subscribed without confirming.
    const signup = await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email: EMAIL, lists: ['newsletter'] }),
    })
    if (signup.status !== 404) {
      expect(signup.status).toBe(202)
      const subscribed = await t.deps.db
        .selectFrom('subscriptions')
        .selectAll()
        .where('status', '=', 'subscribed')
        .execute()
      expect(subscribed).toEqual([])
    }

    // A Mailchimp webhook saying the address subscribed there.
    const webhook = await t.app.request('/webhooks/mailchimp/hook-secret-123', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        type: 'subscribe',
        fired_at: '2026-11-22 11:00:00',
        'data[email]': EMAIL,
        'data[list_id]': 'aud1',
      }).toString(),
    })
    expect(webhook.status).toBeLessThan(500)
    expect(
      await t.deps.db
        .selectFrom('subscriptions')
        .selectAll()
        .where('status', '=', 'subscribed')
        .execute(),
    ).toEqual([])

    // The person's own double opt-in, asked for by the admin with confirm: true.
    const optIn = await api(t, 'PUT', `/contacts/${enc(EMAIL)}`, {
      subscriptions: { newsletter: 'subscribed' },
      confirm: true,
    })
    expect(optIn.status).toBe(200)
    expect(((await optIn.json()) as any).subscriptions).toMatchObject([
      { list: 'newsletter', status: 'pending' },
    ])
    const mail = t.mailer.to(EMAIL).at(-1)!
    expect(await t.deps.db.selectFrom('suppressions').selectAll().execute()).toHaveLength(1)

    // Confirming that mail is the way back: subscribed again, suppression lifted.
    const confirmPath = new URL(/http:\/\/prefcenter\.test\/confirm\/\S+/.exec(mail.text)![0])
      .pathname
    const confirmed = await t.app.request(confirmPath, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    if (confirmed.status !== 404) {
      expect(confirmed.status).toBe(200)
      const back = (await (await api(t, 'GET', `/contacts/${enc(EMAIL)}`)).json()) as any
      expect(back.subscriptions).toMatchObject([{ list: 'newsletter', status: 'subscribed' }])
      expect(await t.deps.db.selectFrom('suppressions').selectAll().execute()).toEqual([])
    }
  })
})

describe('self-service privacy pages', () => {
  const form = (body: string) => ({
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })

  /** The path of the one link in the last mail to `email`. */
  function mailedPath(email: string, kind: 'export' | 'erase'): string {
    const mail = t.mailer.to(email).at(-1)!
    const url = new RegExp(`https?://\\S+/privacy/${kind}/\\S+`).exec(mail.text)![0]
    return new URL(url).pathname
  }

  it('erasing from the page mails a link; the erase page changes nothing, refuses without the tick, erases with it', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    const token = await preferencesToken(t, EMAIL)
    const page = await t.app.request(`/preferences/${token}/erase`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain(`action="/preferences/${token}/erase"`)
    const requested = await t.app.request(`/preferences/${token}/erase`, form(''))
    expect(requested.status).toBe(202)
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(1)
    const path = mailedPath(EMAIL, 'erase')

    const html = await (await t.app.request(path)).text()
    expect(html).toContain(`action="${path}"`)
    expect(html).toContain('name="confirm"')
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(1)
    const head = await t.app.request(path, { method: 'HEAD' })
    expect(head.status).toBe(200)

    const refused = await t.app.request(path, form(''))
    expect(refused.status).toBe(400)
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(1)

    const done = await t.app.request(path, form('confirm=yes'))
    expect(done.status).toBe(200)
    expect(await done.text()).toContain('Your data is erased')
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toEqual([])
    const erased = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('to_status', '=', 'erased')
      .executeTakeFirstOrThrow()
    expect(erased.source).toBe('preferences')
    expect(await everything(t)).not.toContain(EMAIL)

    expect((await t.app.request(path, form('confirm=yes'))).status).toBe(410)
    expect((await t.app.request(`/preferences/${token}/erase`, form(''))).status).toBe(410)
  })

  it('an account list of a contact merged in by upemail needs the same explicit confirmation (a review)', async () => {
    t = await createTestApp()
    const me = await seedContact(t, EMAIL)
    const old = await seedContact(t, 'old.me@example.com')
    await t.deps.db
      .updateTable('contacts')
      .set({ merged_into: me.id })
      .where('id', '=', old.id)
      .execute()
    await t.deps.db
      .insertInto('subscriptions')
      .values({
        contact_id: old.id,
        list_id: 'technical-advisories',
        status: 'subscribed',
        created_at: 0,
        updated_at: 0,
      })
      .execute()
    const token = await preferencesToken(t, EMAIL)
    expect((await t.app.request(`/preferences/${token}/erase`, form(''))).status).toBe(202)
    const path = mailedPath(EMAIL, 'erase')
    const asked = await t.app.request(path, { headers: { accept: 'application/json' } })
    expect(await asked.json()).toEqual({ status: 'confirmable', cancels_account: true })
    expect((await t.app.request(path, form('confirm=yes'))).status).toBe(400)
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(2)
    expect((await t.app.request(path, form('confirm=yes&confirm_cancel=yes'))).status).toBe(200)
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toEqual([])
  })

  it("speaks the contact's language and answers JSON clients in JSON", async () => {
    t = await createTestApp()
    await api(t, 'PUT', `/contacts/${enc(EMAIL)}`, {
      subscriptions: { 'call-reports': 'subscribed' },
      locale: 'pl',
    })
    const token = await preferencesToken(t, EMAIL)
    const page = await (await t.app.request(`/preferences/${token}/erase`)).text()
    expect(page).toContain('<html lang="pl">')
    expect(page).toContain('Usuń moje dane')
    expect(page.match(/<h1/g)).toHaveLength(1)
    const json = { accept: 'application/json', 'content-type': 'application/json' }
    const requested = await t.app.request(`/preferences/${token}/erase`, {
      method: 'POST',
      headers: json,
      body: '{}',
    })
    expect(requested.status).toBe(202)
    expect(await requested.json()).toEqual({ status: 'link_sent' })
    expect(t.mailer.to(EMAIL).at(-1)!.subject).toBe('Twój link do usunięcia danych')
    const path = mailedPath(EMAIL, 'erase')
    const refused = await t.app.request(path, { method: 'POST', headers: json, body: '{}' })
    expect(refused.status).toBe(400)
    expect(((await refused.json()) as any).error.code).toBe('confirmation_required')
    const restricted = await t.app.request(`/preferences/${token}/restrict`, {
      method: 'POST',
      headers: json,
      body: '{"restricted":"1"}',
    })
    expect(await restricted.json()).toEqual({ restricted: true })
    const erased = await t.app.request(path, {
      method: 'POST',
      headers: json,
      body: '{"confirm":"yes"}',
    })
    expect(await erased.json()).toEqual({ status: 'erased' })
  })

  it('downloads my data as a JSON attachment with the whole history, through the mailed link, once', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL, { newsletter: 'subscribed', webinars: 'subscribed' })
    const token = await preferencesToken(t, EMAIL)
    const requested = await t.app.request(`/preferences/${token}/export`, { method: 'POST' })
    expect(requested.status).toBe(202)
    expect(requested.headers.get('content-disposition')).toBeNull()
    const path = mailedPath(EMAIL, 'export')
    expect((await t.app.request(path)).status).toBe(200)
    const res = await t.app.request(path, { method: 'POST' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="prefcenter-my-data-\d{4}-\d{2}-\d{2}\.json"$/,
    )
    const body = (await res.json()) as any
    expect(body.contact.email).toBe(EMAIL)
    expect(body.subscriptions.map((s: any) => s.list)).toEqual(['newsletter', 'webinars'])
    expect(body.consent_history).toHaveLength(2)
    expect((await t.app.request(path, { method: 'POST' })).status).toBe(410)
    expect((await t.app.request(`/preferences/${token}/export`)).status).toBe(405)
  })

  it('switches the restriction on and off from the page', async () => {
    t = await createTestApp({ MAILCHIMP_API_KEY: 'key-us1', MAILCHIMP_AUDIENCE_ID: 'aud1' })
    await seedContact(t, EMAIL)
    const token = await preferencesToken(t, EMAIL)
    const post = (body: string) =>
      t.app.request(`/preferences/${token}/restrict`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })
    const on = await post('restricted=1')
    expect(on.status).toBe(200)
    expect(await on.text()).toContain('Processing restricted')
    expect(
      (await t.deps.db.selectFrom('contacts').select('restricted').executeTakeFirstOrThrow())
        .restricted,
    ).toBe(1)
    // While restricted, changes are recorded but nothing is queued for Mailchimp.
    const queued = (
      await t.deps.db.selectFrom('outbox').selectAll().where('topic', '=', 'mailchimp').execute()
    ).length
    await api(t, 'PUT', `/contacts/${enc(EMAIL)}`, {
      subscriptions: { 'call-reports': 'subscribed' },
    })
    expect(
      await t.deps.db.selectFrom('outbox').selectAll().where('topic', '=', 'mailchimp').execute(),
    ).toHaveLength(queued)
    expect((await post('restricted=maybe')).status).toBe(400)
    const off = await post('restricted=0')
    expect(await off.text()).toContain('Restriction lifted')
    expect(
      (await t.deps.db.selectFrom('contacts').select('restricted').executeTakeFirstOrThrow())
        .restricted,
    ).toBe(0)
  })

  it('refuses forged and other-purpose tokens with 400 and changes nothing', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    const token = await preferencesToken(t, EMAIL)
    const forged = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA')
    const links = (await (await api(t, 'POST', `/contacts/${enc(EMAIL)}/links`)).json()) as any
    const unsubscribeToken = new URL(links.unsubscribe_all_url).pathname.split('/')[2]!
    for (const bad of [forged, unsubscribeToken, 'garbage', 'a.b.c']) {
      for (const [method, action, body] of [
        ['GET', 'erase', undefined],
        ['POST', 'erase', 'confirm=yes'],
        ['POST', 'export', ''],
        ['POST', 'restrict', 'restricted=1'],
      ] as const) {
        const res = await t.app.request(`/preferences/${bad}/${action}`, {
          method,
          ...(body === undefined
            ? {}
            : { body, headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
        })
        expect(res.status, `${method} ${action} ${bad}`).toBe(400)
      }
    }
    const contact = await t.deps.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow()
    expect(contact.restricted).toBe(0)
  })

  it('erases the address the contact has when it runs, not the one read before (found by a review)', async () => {
    t = await createTestApp()
    await seedContact(t, 'before@example.com', { newsletter: 'subscribed' })
    const stale = (await findContactByEmail(t.deps.db, 'before@example.com'))!
    // The address changes between the erasure's read and its transaction.
    const moved = await api(t, 'POST', `/contacts/${enc('before@example.com')}/address`, {
      email: 'after@example.com',
    })
    expect(moved.status).toBe(200)
    await eraseContact(t.deps, stale, { source: 'admin' })
    const again = await api(t, 'PUT', `/contacts/${enc('after@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent: evidence,
    })
    expect(again.status).toBe(422)
    expect((await again.json()).error.code).toBe('suppressed')
  })
})
