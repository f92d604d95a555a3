import { afterEach, describe, expect, it } from 'vitest'
import { api, enc, seedContact } from '../admin/helpers.js'
import { snapshot } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

const EMAIL = 'holder@example.com'
const JSON_HEADERS = { accept: 'application/json', 'content-type': 'application/json' }
const form = (body: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
})

async function preferencesPath(email: string): Promise<string> {
  const links = (await (await api(t, 'POST', `/contacts/${enc(email)}/links`)).json()) as any
  return new URL(links.preferences_url).pathname
}

function mailedPath(email: string, kind: 'export' | 'erase'): string {
  const mail = t.mailer.to(email).at(-1)!
  const url = new RegExp(`http://prefcenter\\.test(/privacy/${kind}/\\S+)`).exec(mail.text)
  if (!url) throw new Error(`no ${kind} link in the last mail`)
  return url[1]!
}

describe('issue 11 item 11: download and erase go through a mailed one-hour, single-use link', () => {
  it('the preferences page says so, and its link alone downloads or erases nothing', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    const prefs = await preferencesPath(EMAIL)
    const page = await (await t.app.request(prefs)).text()
    expect(page).toContain('first send a link to your email address')
    expect(page).toContain('for one hour')
    const before = await snapshot(t)
    const exported = await t.app.request(`${prefs}/export`, { method: 'POST' })
    expect(exported.status).toBe(202)
    const sent = await exported.text()
    expect(sent).not.toContain(EMAIL)
    // The way back to the preferences page (a browser review: a dead end).
    expect(sent).toContain(`href="${prefs}"`)
    const erase = await t.app.request(`${prefs}/erase`, form('confirm=yes'))
    expect(erase.status).toBe(202)
    // Nothing changed but the two mails that went out.
    expect(await snapshot(t)).toEqual({ ...before, mails: before.mails + 2 })
    expect(t.mailer.to(EMAIL).map((mail) => mail.subject)).toEqual([
      'Your link to download your data',
      'Your link to erase your data',
    ])
  })

  it('the mailed link expires after one hour', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    await t.app.request(`${await preferencesPath(EMAIL)}/export`, { method: 'POST' })
    const path = mailedPath(EMAIL, 'export')
    t.clock.advance(3600_000 + 1000)
    expect((await t.app.request(path, { method: 'POST' })).status).toBe(410)
  })

  it('a download link works once; a GET (a mail scanner) does not spend it', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    await t.app.request(`${await preferencesPath(EMAIL)}/export`, { method: 'POST' })
    const path = mailedPath(EMAIL, 'export')
    expect((await t.app.request(path)).status).toBe(200)
    expect((await t.app.request(path, { method: 'HEAD' })).status).toBe(200)
    const first = await t.app.request(path, { method: 'POST' })
    expect(first.status).toBe(200)
    expect(((await first.json()) as any).contact.email).toBe(EMAIL)
    const second = await t.app.request(path, { method: 'POST' })
    expect(second.status).toBe(410)
    expect(await second.text()).toContain('href="/manage"')
  })

  it('an erase link sent twice at once erases once: one 200, the other 410 as any used link', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    await t.app.request(`${await preferencesPath(EMAIL)}/erase`, form('confirm=yes'))
    const path = mailedPath(EMAIL, 'erase')
    const answers = await Promise.all([
      t.app.request(path, form('confirm=yes')),
      t.app.request(path, form('confirm=yes')),
    ])
    expect(answers.map((res) => res.status).sort()).toEqual([200, 410])
    const erased = await t.deps.db
      .selectFrom('consent_events')
      .select('id')
      .where('to_status', '=', 'erased')
      .execute()
    expect(erased).toHaveLength(1)
    expect(await t.deps.db.selectFrom('used_links').selectAll().execute()).toHaveLength(1)
  })

  it('a mailed link cannot stand in for another purpose, nor the preferences link for it', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    const prefs = await preferencesPath(EMAIL)
    const token = prefs.split('/')[2]!
    expect((await t.app.request(`/privacy/export/${token}`, { method: 'POST' })).status).toBe(400)
    expect((await t.app.request(`/privacy/erase/${token}`, form('confirm=yes'))).status).toBe(400)
    await t.app.request(`${prefs}/export`, { method: 'POST' })
    const exportToken = mailedPath(EMAIL, 'export').split('/')[3]!
    expect((await t.app.request(`/privacy/erase/${exportToken}`, form('confirm=yes'))).status).toBe(
      400,
    )
    expect((await t.app.request(`/preferences/${exportToken}`)).status).toBe(400)
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(1)
  })

  it('the link requests are limited per mailbox like every mail a form can trigger', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    const prefs = await preferencesPath(EMAIL)
    for (let i = 0; i < 6; i++) {
      const res = await t.app.request(`${prefs}/export`, { method: 'POST' })
      expect(res.status).toBe(202)
    }
    expect(t.mailer.to(EMAIL)).toHaveLength(3)
  })
})

describe('issue 13 item 4: erasing or restricting a member of an account-cancelling list', () => {
  it('erasing states the consequence and needs confirm_cancel, like leaving the list', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL, { 'technical-advisories': 'subscribed', newsletter: 'subscribed' })
    const prefs = await preferencesPath(EMAIL)
    expect(await (await t.app.request(`${prefs}/erase`)).text()).toContain('cancels your account')
    await t.app.request(`${prefs}/erase`, form(''))
    const path = mailedPath(EMAIL, 'erase')
    const page = await (await t.app.request(path)).text()
    expect(page).toContain('cancels your account')
    expect(page).toContain('name="confirm_cancel"')

    const oneTick = await t.app.request(path, form('confirm=yes'))
    expect(oneTick.status).toBe(400)
    expect(await oneTick.text()).toContain('name="confirm_cancel"')
    const json = await t.app.request(path, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{"confirm":"yes"}',
    })
    expect(((await json.json()) as any).error.code).toBe('confirmation_required')
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(1)

    const both = await t.app.request(path, form('confirm=yes&confirm_cancel=yes'))
    expect(both.status).toBe(200)
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toEqual([])
  })

  it('restricting states the consequence and needs confirm_cancel; lifting it does not', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL, { 'technical-advisories': 'subscribed' })
    const prefs = await preferencesPath(EMAIL)
    const restricted = async () =>
      (await t.deps.db.selectFrom('contacts').select('restricted').executeTakeFirstOrThrow())
        .restricted
    // The preferences page's button opens the warning: a question, not an error (a browser review).
    const asked = await t.app.request(`${prefs}/restrict`, form('restricted=1'))
    expect(asked.status).toBe(200)
    const html = await asked.text()
    expect(html).toContain('cancels your account')
    expect(html).toContain('name="confirm_cancel"')
    expect(html).toContain('name="confirming" value="yes"')
    expect(html).not.toContain('role="alert"')
    expect(html).not.toContain('aria-invalid')
    expect(await restricted()).toBe(0)
    // Sent back from that page without the tick: now it is an error, tied to the box.
    const refused = await t.app.request(`${prefs}/restrict`, form('restricted=1&confirming=yes'))
    expect(refused.status).toBe(400)
    const again = await refused.text()
    expect(again).toMatch(/role="alert" id="restrict-error"/)
    expect(again).toMatch(
      /name="confirm_cancel" value="yes" aria-invalid="true" aria-describedby="restrict-error"/,
    )
    expect(await restricted()).toBe(0)
    const json = await t.app.request(`${prefs}/restrict`, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: '{"restricted":true}',
    })
    expect(((await json.json()) as any).error.code).toBe('confirmation_required')
    expect(await restricted()).toBe(0)

    const done = await t.app.request(`${prefs}/restrict`, form('restricted=1&confirm_cancel=yes'))
    expect(done.status).toBe(200)
    expect(await restricted()).toBe(1)
    expect((await t.app.request(`${prefs}/restrict`, form('restricted=0'))).status).toBe(200)
    expect(await restricted()).toBe(0)
  })

  it('people on no such list restrict with one click, as before', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL, { newsletter: 'subscribed' })
    const prefs = await preferencesPath(EMAIL)
    expect((await t.app.request(`${prefs}/restrict`, form('restricted=1'))).status).toBe(200)
  })
})

describe('issue 11 item 10: privacy route bodies are validated', () => {
  it('odd restrict bodies are a 400 and change nothing', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    const prefs = await preferencesPath(EMAIL)
    const before = await snapshot(t)
    const bodies = [
      '{"restricted":{"toString":1}}',
      '{"restricted":[{}]}',
      '{"restricted":null}',
      '{"restricted":2}',
      '{}',
      '[]',
      '"1"',
      '{"restricted":"1"',
    ]
    for (const body of bodies) {
      const res = await t.app.request(`${prefs}/restrict`, {
        method: 'POST',
        headers: JSON_HEADERS,
        body,
      })
      expect(res.status, body).toBe(400)
    }
    const wrongType = await t.app.request(`${prefs}/restrict`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'restricted=1',
    })
    expect(wrongType.status).toBe(415)
    expect(await snapshot(t)).toEqual(before)
  })

  it('odd erase bodies are a 400 and erase nothing', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    await t.app.request(`${await preferencesPath(EMAIL)}/erase`, form(''))
    const path = mailedPath(EMAIL, 'erase')
    for (const body of ['{"confirm":{"toString":1}}', '{"confirm":"yes"', '[1]']) {
      const res = await t.app.request(path, { method: 'POST', headers: JSON_HEADERS, body })
      expect(res.status, body).toBe(400)
    }
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(1)
  })

  it('every page of the way answers JSON when asked, and changes nothing (a contract review)', async () => {
    t = await createTestApp()
    await seedContact(t, EMAIL)
    const prefs = await preferencesPath(EMAIL)
    const asJson = { headers: { accept: 'application/json' } }
    const erasePage = await t.app.request(`${prefs}/erase`, asJson)
    expect(erasePage.headers.get('content-type')).toContain('application/json')
    expect(await erasePage.json()).toEqual({ status: 'requestable', cancels_account: false })
    await t.app.request(`${prefs}/export`, { method: 'POST' })
    const exportPath = mailedPath(EMAIL, 'export')
    await t.app.request(`${prefs}/erase`, { method: 'POST' })
    const paths = { export: exportPath, erase: mailedPath(EMAIL, 'erase') }
    const before = await snapshot(t)
    for (const kind of ['export', 'erase'] as const) {
      const res = await t.app.request(paths[kind], asJson)
      expect(res.status, kind).toBe(200)
      expect((await res.json()).status, kind).toBe('confirmable')
    }
    const signup = await (await t.app.request('/', asJson)).json()
    expect(signup.lists.map((list: { id: string }) => list.id)).toEqual(['newsletter', 'webinars'])
    expect(signup.consent.text).toBeTruthy()
    expect(await (await t.app.request('/manage', asJson)).json()).toEqual({ fields: ['email'] })
    expect(await snapshot(t)).toEqual(before)
  })
})
