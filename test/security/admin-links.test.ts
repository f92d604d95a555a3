import { afterEach, describe, expect, it } from 'vitest'
import { api, enc, readKey, seedContact, writeKey } from '../admin/helpers.js'
import { postForm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

const EMAIL = 'victim@example.com'

describe('issue 11 item 1: admin-minted links', () => {
  it('a read-scope key cannot mint a link that acts for the person (403, no link)', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    const res = await api(t, 'POST', `/contacts/${enc(EMAIL)}/links`, undefined, await readKey(t))
    expect(res.status).toBe(403)
    const body = (await res.json()) as any
    expect(body.error.code).toBe('forbidden')
    expect(JSON.stringify(body)).not.toContain('/preferences/')
  })

  it('a write key mints links, and what is done through them says via admin_link in the ledger', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL, { newsletter: 'subscribed', webinars: 'subscribed' })
    const res = await api(t, 'POST', `/contacts/${enc(EMAIL)}/links`, undefined, await writeKey(t))
    expect(res.status).toBe(200)
    const links = (await res.json()) as any
    const leave = await postForm(t, new URL(links.unsubscribe_urls.webinars).pathname, [
      ['List-Unsubscribe', 'One-Click'],
    ])
    expect(leave.status).toBe(200)
    const prefs = new URL(links.preferences_url).pathname
    expect((await postForm(t, prefs, [])).status).toBe(200)
    const events = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('to_status', '=', 'unsubscribed')
      .orderBy('id')
      .execute()
    expect(events.map((event) => event.list_id)).toEqual(['webinars', 'newsletter'])
    for (const event of events) expect(JSON.parse(event.detail!).via).toBe('admin_link')
  })

  it('the preferences page an admin unsubscribe link leads to, and its undo, stay marked admin_link (an attacker review)', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL, { newsletter: 'subscribed', webinars: 'subscribed' })
    const res = await api(t, 'POST', `/contacts/${enc(EMAIL)}/links`, undefined, await writeKey(t))
    const links = (await res.json()) as any
    const unsubscribe = new URL(links.unsubscribe_urls.webinars).pathname
    // Leave through the page, then undo: the re-join records consent wording, so its source
    // must say a staff link made it.
    expect((await postForm(t, unsubscribe, [])).status).toBe(200)
    expect((await postForm(t, `${unsubscribe}/undo`, [])).status).toBe(200)
    // The page's own preferences link: a save through it.
    const page = await (await t.app.request(unsubscribe)).text()
    const prefs = /href="(\/preferences\/[^"]+)"/.exec(page)![1]!
    expect((await postForm(t, prefs, [['lists', 'webinars']])).status).toBe(200)
    const events = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('list_id', 'is not', null)
      .where('source', '!=', 'admin')
      .orderBy('id')
      .execute()
    expect(events.map((event) => [event.list_id, event.to_status])).toEqual([
      ['webinars', 'unsubscribed'],
      ['webinars', 'subscribed'],
      ['newsletter', 'unsubscribed'],
    ])
    for (const event of events) expect(JSON.parse(event.detail!).via).toBe('admin_link')
  })

  it('links the person got by mail are not marked as admin links', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    await postForm(t, '/manage', [['email', EMAIL]])
    const mail = t.mailer.to(EMAIL).at(-1)!
    const prefs = /http:\/\/prefcenter\.test(\/preferences\/\S+)/.exec(mail.text)![1]!
    expect((await postForm(t, prefs, [])).status).toBe(200)
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('to_status', '=', 'unsubscribed')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(event.detail ?? '{}').via).toBeUndefined()
  })
})
