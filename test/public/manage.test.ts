import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import {
  headerPath,
  JSON_HEADERS,
  linkIn,
  postForm,
  statuses,
  subscribeAndConfirm,
} from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

describe('/manage', () => {
  it('shows a form with a labelled address field', async () => {
    t = await createTestApp()
    const html = await (await t.app.request('/manage')).text()
    expect(html).toContain('<label for="email">')
    expect(html).toContain('action="/manage"')
  })

  it('mails a known address its preferences link with List-Unsubscribe headers; unknown addresses get the same answer', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const mails = t.mailer.sent.length
    const known = await postForm(t, '/manage', [['email', 'ADA@example.com']])
    const unknown = await postForm(t, '/manage', [['email', 'nobody@example.com']])
    expect(known.status).toBe(200)
    expect([unknown.status, await unknown.text()]).toEqual([known.status, await known.text()])
    const knownJson = await t.app.request('/manage', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ email: 'ada@example.com' }),
    })
    const unknownJson = await t.app.request('/manage', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ email: 'nobody@example.com' }),
    })
    expect(knownJson.status).toBe(202)
    expect([unknownJson.status, await unknownJson.json()]).toEqual([
      knownJson.status,
      await knownJson.json(),
    ])

    expect(t.mailer.sent).toHaveLength(mails + 2)
    expect(t.mailer.to('nobody@example.com')).toEqual([])
    const mail = t.mailer.sent[mails]!
    expect(mail.to).toBe('ada@example.com')
    expect(mail.html).toContain('/preferences/')
    expect(mail.headers?.['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click')
    const prefs = linkIn(mail, 'preferences')
    expect((await t.app.request(prefs)).status).toBe(200)

    // The header's link is an all-lists one-click unsubscribe.
    const oneClick = await postForm(t, headerPath(mail.headers?.['List-Unsubscribe']), [
      ['List-Unsubscribe', 'One-Click'],
    ])
    expect(oneClick.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({ newsletter: 'unsubscribed' })
  })

  it('is rate-limited per address (same answer, nothing sent) and still mails restricted contacts', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await t.deps.db.updateTable('contacts').set({ restricted: 1 }).execute()
    const mails = t.mailer.sent.length
    for (let i = 0; i < 5; i++)
      expect((await postForm(t, '/manage', [['email', 'ada@example.com']])).status).toBe(200)
    expect(t.mailer.sent.length - mails).toBe(3)
    // The answer (the same for everyone) says why a fourth may not come (a browser review).
    const page = await (await postForm(t, '/manage', [['email', 'ada@example.com']])).text()
    expect(page).toContain('at most 3 such emails to one address a day')
  })

  it('refuses a bad address with 400 and sends nothing', async () => {
    t = await createTestApp()
    const res = await t.app.request('/manage', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ email: 'no' }),
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.code).toBe('invalid_email')
    expect(t.mailer.sent).toEqual([])
  })
})
