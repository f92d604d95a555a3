import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, evidence, seedContact } from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

describe('admin contacts: happy paths', () => {
  it('lists the seeded lists with booleans', async () => {
    t = await createTestApp()
    const res = await api(t, 'GET', '/lists')
    expect(res.status).toBe(200)
    const body = (await res.json()) as { lists: Record<string, unknown>[] }
    expect(body.lists.map((list) => list.id)).toEqual([
      'newsletter',
      'technical-advisories',
      'call-reports',
      'webinars',
    ])
    expect(body.lists[1]).toMatchObject({
      legal_basis: 'contract',
      cancels_account: true,
      public: false,
      synced: true,
      archived: false,
    })
  })

  it('upserts with consent evidence, records the ledger with source admin, and reads the contact back', async () => {
    t = await createTestApp()
    const put = await api(t, 'PUT', `/contacts/${enc(' Ada@Example.com ')}`, {
      subscriptions: { newsletter: 'subscribed', 'call-reports': 'subscribed' },
      consent: evidence,
      locale: 'pl',
      name: 'Ada',
    })
    expect(put.status).toBe(200)
    const res = await api(t, 'GET', `/contacts/${enc('ada@example.com')}`)
    expect(res.status).toBe(200)
    const contact = (await res.json()) as any
    expect(contact).toMatchObject({
      email: 'ada@example.com',
      status: 'active',
      locale: 'pl',
      restricted: false,
      name: 'Ada',
    })
    expect(contact.subscriptions.map((s: any) => [s.list, s.status])).toEqual([
      ['call-reports', 'subscribed'],
      ['newsletter', 'subscribed'],
    ])
    const newsletter = contact.events.find((e: any) => e.list === 'newsletter')
    expect(newsletter).toMatchObject({
      source: 'admin',
      to: 'subscribed',
      from: null,
      consent_text: evidence.text,
      ip: evidence.ip,
      occurred_at: '2026-11-01T10:00:00.000Z',
      legal_basis: 'consent',
    })
    expect(newsletter.detail).toEqual({ consent_source: 'crm-form' })
  })

  it('subscribes contract lists without evidence and unsubscribes', async () => {
    t = await createTestApp()
    expect(
      (
        await api(t, 'PUT', `/contacts/${enc('bo@example.com')}`, {
          subscriptions: { 'technical-advisories': 'subscribed' },
        })
      ).status,
    ).toBe(200)
    const res = await api(t, 'PUT', `/contacts/${enc('bo@example.com')}`, {
      subscriptions: { 'technical-advisories': 'unsubscribed' },
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.subscriptions).toMatchObject([
      { list: 'technical-advisories', status: 'unsubscribed' },
    ])
    expect(body.events).toHaveLength(2)
  })

  it('repeating the same upsert records nothing new', async () => {
    t = await createTestApp()
    await seedContact(t, 'same@example.com')
    await seedContact(t, 'same@example.com')
    const events = await t.deps.db.selectFrom('consent_events').selectAll().execute()
    expect(events).toHaveLength(1)
  })

  it('confirm: true sends the double opt-in mail and leaves the list pending', async () => {
    t = await createTestApp()
    const res = await api(t, 'PUT', `/contacts/${enc('cy@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      confirm: true,
    })
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.pending).toEqual(['newsletter'])
    expect(body.subscriptions).toMatchObject([{ list: 'newsletter', status: 'pending' }])
    const mails = t.mailer.to('cy@example.com')
    expect(mails).toHaveLength(1)
    expect(mails[0]!.text).toMatch(/http:\/\/prefcenter\.test\/confirm\//)
  })

  it('changes the address, and 409 when the new one is taken', async () => {
    t = await createTestApp()
    await seedContact(t, 'old@example.com')
    await seedContact(t, 'taken@example.com')
    const taken = await api(t, 'POST', `/contacts/${enc('old@example.com')}/address`, {
      email: 'taken@example.com',
    })
    expect(taken.status).toBe(409)
    const res = await api(t, 'POST', `/contacts/${enc('old@example.com')}/address`, {
      email: 'New@Example.com',
    })
    expect(res.status).toBe(200)
    expect(((await res.json()) as any).email).toBe('new@example.com')
    expect((await api(t, 'GET', `/contacts/${enc('old@example.com')}`)).status).toBe(404)
    expect((await api(t, 'GET', `/contacts/${enc('new@example.com')}`)).status).toBe(200)
  })

  it('builds signed links and List-Unsubscribe headers, without one-click for the account list', async () => {
    t = await createTestApp()
    await seedContact(t, 'links@example.com')
    const res = await api(t, 'POST', `/contacts/${enc('links@example.com')}/links`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.preferences_url).toMatch(/^http:\/\/prefcenter\.test\/preferences\/[^/]+$/)
    expect(body.unsubscribe_all_url).toMatch(/^http:\/\/prefcenter\.test\/unsubscribe\//)
    expect(Object.keys(body.unsubscribe_urls).sort()).toEqual([
      'call-reports',
      'newsletter',
      'technical-advisories',
      'webinars',
    ])
    expect(body.headers.newsletter).toEqual({
      'List-Unsubscribe': `<${body.unsubscribe_urls.newsletter}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    })
    expect(body.headers['technical-advisories']).toEqual({
      'List-Unsubscribe': `<${body.unsubscribe_urls['technical-advisories']}>`,
    })
    expect(body.preferences_url).not.toContain('links')
    // The ready pair for one mail: every list by default, one list when asked.
    expect(body.list_unsubscribe).toBe(`<${body.unsubscribe_all_url}>`)
    expect(body.list_unsubscribe_post).toBe('List-Unsubscribe=One-Click')
    const advisories = (await (
      await api(t, 'POST', `/contacts/${enc('links@example.com')}/links?list=technical-advisories`)
    ).json()) as any
    expect(advisories.list_unsubscribe).toBe(
      `<${advisories.unsubscribe_urls['technical-advisories']}>`,
    )
    expect(advisories.list_unsubscribe_post).toBeNull()
    expect(
      (await api(t, 'POST', `/contacts/${enc('links@example.com')}/links?list=nope`)).status,
    ).toBe(400)
  })

  it('restricts and lifts the restriction, each a ledger event', async () => {
    t = await createTestApp()
    await seedContact(t, 'rest@example.com')
    const on = await api(t, 'PUT', `/contacts/${enc('rest@example.com')}/restriction`, {
      restricted: true,
    })
    expect(on.status).toBe(200)
    expect(((await on.json()) as any).restricted).toBe(true)
    const off = await api(t, 'POST', `/contacts/${enc('rest@example.com')}/restriction`, {
      restricted: false,
    })
    expect(((await off.json()) as any).restricted).toBe(false)
    const row = await t.deps.db
      .selectFrom('contacts')
      .select('restricted')
      .executeTakeFirstOrThrow()
    expect(row.restricted).toBe(0)
    const events = await t.deps.db
      .selectFrom('consent_events')
      .select('to_status')
      .where('list_id', 'is', null)
      .orderBy('id')
      .execute()
    expect(events.map((e) => e.to_status)).toEqual(['restricted', 'unrestricted'])
  })

  it('exports the contact as a JSON download', async () => {
    t = await createTestApp()
    await seedContact(t, 'exp@example.com')
    const res = await api(t, 'GET', `/contacts/${enc('exp@example.com')}/export`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename="prefcenter-my-data-/,
    )
    const body = (await res.json()) as any
    expect(body.contact.email).toBe('exp@example.com')
    expect(body.subscriptions).toMatchObject([
      { list: 'newsletter', status: 'subscribed', list_name: 'Newsletter', legal_basis: 'consent' },
    ])
    expect(body.consent_history).toHaveLength(1)
  })
})
