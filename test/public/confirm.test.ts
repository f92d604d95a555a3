import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { linkIn, postForm, snapshot, statuses, subscribeJson } from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

async function pendingSignup(email = 'ada@example.com', lists = ['newsletter', 'webinars']) {
  await subscribeJson(t, { email, lists })
  return linkIn(t.mailer.sent.at(-1), 'confirm')
}

describe('confirm links', () => {
  it('GET shows one button and changes nothing; POST subscribes with the confirming IP and user agent', async () => {
    t = await createTestApp({ TRUST_PROXY: '1' })
    const confirm = await pendingSignup()
    const before = await snapshot(t)
    const page = await t.app.request(confirm)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html.match(/<button/g)).toHaveLength(1)
    expect(html).toContain('<form method="post">')
    expect(await snapshot(t)).toEqual(before)

    const res = await t.app.request(confirm, {
      method: 'POST',
      headers: { 'x-forwarded-for': '192.0.2.44', 'user-agent': 'Clicker/2' },
    })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('You are subscribed')
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    const events = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('source', '=', 'confirm')
      .execute()
    expect(events).toHaveLength(2)
    for (const event of events) {
      expect(event).toMatchObject({
        from_status: 'pending',
        to_status: 'subscribed',
        ip: '192.0.2.44',
        user_agent: 'Clicker/2',
      })
    }
  })

  it('is idempotent: a second POST answers the same and writes nothing', async () => {
    t = await createTestApp()
    const confirm = await pendingSignup()
    const first = await t.app.request(confirm, {
      method: 'POST',
      headers: { accept: 'application/json' },
    })
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({
      status: 'subscribed',
      lists: ['newsletter', 'webinars'],
    })
    const before = await snapshot(t)
    const second = await t.app.request(confirm, {
      method: 'POST',
      headers: { accept: 'application/json' },
    })
    expect(second.status).toBe(200)
    expect(await second.json()).toMatchObject({
      status: 'subscribed',
      lists: ['newsletter', 'webinars'],
      confirmed: [],
    })
    expect(await snapshot(t)).toEqual(before)
    expect((await t.app.request(confirm, { method: 'POST' })).status).toBe(200)
    // Asked with GET afterwards, the JSON says so too, not "confirmable" with no lists.
    const asked = await t.app.request(confirm, { headers: { accept: 'application/json' } })
    expect(await asked.json()).toEqual({
      status: 'subscribed',
      lists: ['newsletter', 'webinars'],
      confirmed: [],
    })
  })

  it('two clicks at once write one event per list', async () => {
    t = await createTestApp()
    const confirm = await pendingSignup()
    const answers = await Promise.all(
      [1, 2, 3].map(() => t.app.request(confirm, { method: 'POST' })),
    )
    expect(answers.map((res) => res.status)).toEqual([200, 200, 200])
    expect(
      await t.deps.db
        .selectFrom('consent_events')
        .selectAll()
        .where('source', '=', 'confirm')
        .execute(),
    ).toHaveLength(2)
  })

  it('does not resubscribe a list left after the mail was sent (only pending lists move)', async () => {
    t = await createTestApp()
    const confirm = await pendingSignup('eve@example.com', ['newsletter', 'webinars'])
    const contact = await t.deps.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow()
    const unsubscribe = await t.deps.tokens.sign({
      purpose: 'unsubscribe',
      contactId: contact.id,
      lists: ['webinars'],
      issuedAt: 1,
    })
    await postForm(t, `/unsubscribe/${unsubscribe}`, [['List-Unsubscribe', 'One-Click']])
    expect((await t.app.request(confirm, { method: 'POST' })).status).toBe(200)
    expect(await statuses(t, 'eve@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'unsubscribed',
    })
  })

  it("speaks the contact's language on the expired page, as on the link's other pages (a browser review)", async () => {
    t = await createTestApp()
    const res = await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email: 'aino@example.com', lists: ['newsletter'], locale: 'fi' }),
    })
    expect(res.status).toBe(202)
    const confirm = linkIn(t.mailer.sent[0], 'confirm')
    t.clock.advance(8 * 86_400_000)
    const page = await t.app.request(confirm, { headers: { 'accept-language': 'en' } })
    expect(page.status).toBe(410)
    expect(await page.text()).toContain('<html lang="fi"')
  })

  it('answers an expired link with 410 and a form that mails a fresh link to the same address', async () => {
    t = await createTestApp()
    const confirm = await pendingSignup()
    t.clock.advance(8 * 86_400_000)
    const before = await snapshot(t)
    const get = await t.app.request(confirm)
    expect(get.status).toBe(410)
    const page = await get.text()
    expect(page).not.toContain('ada@example.com')
    const action = /<form method="post" action="([^"]+)"/.exec(page)?.[1]
    expect(action).toBe(`${confirm}/resend`)
    const post = await t.app.request(confirm, { method: 'POST' })
    expect(post.status).toBe(410)
    const json = await t.app.request(confirm, {
      method: 'POST',
      headers: { accept: 'application/json' },
    })
    expect(json.status).toBe(410)
    const envelope = await json.json()
    expect(envelope.error.code).toBe('link_expired')
    // The contact's id stays inside (a contract review found the claims in the envelope).
    const id = (await t.deps.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow()).id
    expect(JSON.stringify(envelope)).not.toContain(id)
    expect(await snapshot(t)).toEqual(before)

    const resend = await t.app.request(action!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    })
    expect(resend.status).toBe(202)
    expect(t.mailer.sent).toHaveLength(2)
    const fresh = linkIn(t.mailer.sent[1], 'confirm')
    expect(fresh).not.toBe(confirm)
    expect((await t.app.request(fresh, { method: 'POST' })).status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
  })

  it('the resend form refuses forged tokens and is rate-limited per address', async () => {
    t = await createTestApp()
    const confirm = await pendingSignup()
    expect(
      (await t.app.request(`${confirm.slice(0, -3)}AAA/resend`, { method: 'POST' })).status,
    ).toBe(400)
    t.clock.advance(8 * 86_400_000)
    for (let i = 0; i < 4; i++)
      expect((await t.app.request(`${confirm}/resend`, { method: 'POST' })).status).toBe(202)
    // One mail from the sign-up a week ago (another window), then at most three in this one.
    expect(t.mailer.sent).toHaveLength(4)
    // The page says a link may be held back until tomorrow (a browser review: it promised one).
    const page = await (await t.app.request(`${confirm}/resend`, { method: 'POST' })).text()
    expect(page).toContain('the next one can only come tomorrow')
  })

  it('refuses forged, truncated, malformed and other-purpose tokens with 400 and no change', async () => {
    t = await createTestApp()
    const confirm = await pendingSignup()
    const contact = await t.deps.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow()
    const token = confirm.slice('/confirm/'.length)
    const [kid, body, mac] = token.split('.') as [string, string, string]
    const preferences = await t.deps.tokens.sign({
      purpose: 'preferences',
      contactId: contact.id,
      lists: [],
      issuedAt: 1,
    })
    const bad = [
      `${kid}.${body}.${mac.slice(0, -2)}AA`,
      token.slice(0, -5),
      `${kid}.${body}`,
      `k9.${body}.${mac}`,
      preferences,
      'x'.repeat(5000),
      '%E0%A4%A',
      '...',
      encodeURIComponent('<script>'),
    ]
    const before = await snapshot(t)
    for (const candidate of bad) {
      for (const method of ['GET', 'POST']) {
        const res = await t.app.request(`/confirm/${candidate}`, { method })
        expect(res.status, `${method} ${candidate.slice(0, 40)}`).toBe(400)
      }
      const json = await t.app.request(`/confirm/${candidate}`, {
        method: 'POST',
        headers: { accept: 'application/json' },
      })
      expect((await json.json()).error.code).toBe('invalid_token')
    }
    expect(await snapshot(t)).toEqual(before)
  })

  it('answers 410 for the link of an erased contact', async () => {
    t = await createTestApp()
    const confirm = await pendingSignup()
    await t.deps.db.deleteFrom('subscriptions').execute()
    await t.deps.db.deleteFrom('contacts').execute()
    expect((await t.app.request(confirm)).status).toBe(410)
    expect((await t.app.request(confirm, { method: 'POST' })).status).toBe(410)
  })

  it('makes a cleaned contact active again', async () => {
    t = await createTestApp()
    const confirm = await pendingSignup()
    await t.deps.db.updateTable('contacts').set({ status: 'cleaned' }).execute()
    expect((await t.app.request(confirm, { method: 'POST' })).status).toBe(200)
    const contact = await t.deps.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow()
    expect(contact.status).toBe('active')
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('list_id', 'is', null)
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({ from_status: 'cleaned', to_status: 'active', source: 'confirm' })
  })
})
