import { afterEach, describe, expect, it } from 'vitest'
import { api, enc, seedContact } from '../admin/helpers.js'
import { subscriptionsOf } from '../mailchimp/helpers.js'
import { linkIn, postForm, subscribeJson } from '../public/helpers.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
let mc: FakeMailchimpServer | undefined
afterEach(async () => {
  await t?.close()
  await mc?.close()
  mc = undefined
})

const OLD = 'old.address@example.com'
const NEW = 'new.address@example.com'

async function changeAddress(from: string, to: string) {
  const res = await api(t, 'POST', `/contacts/${enc(from)}/address`, { email: to })
  expect(res.status).toBe(200)
}

async function mintedLinks(email: string) {
  const res = await api(t, 'POST', `/contacts/${enc(email)}/links`)
  const links = (await res.json()) as any
  return {
    preferences: new URL(links.preferences_url).pathname,
    unsubscribe: new URL(links.unsubscribe_urls.newsletter).pathname,
  }
}

describe('issue 11 item 2: links are bound to the address they were sent to', () => {
  it('after an admin address change, older links answer 410 and offer a fresh link; new ones work', async () => {
    t = await createTestApp()
    await seedContact(t, OLD)
    const before = await mintedLinks(OLD)
    await changeAddress(OLD, NEW)

    const page = await t.app.request(before.preferences)
    expect(page.status).toBe(410)
    const html = await page.text()
    expect(html).toContain('href="/manage"')
    const json = await t.app.request(before.preferences, {
      headers: { accept: 'application/json' },
    })
    expect(((await json.json()) as any).error).toMatchObject({
      code: 'link_superseded',
      details: { new_link: '/manage' },
    })
    const leave = await postForm(t, before.unsubscribe, [['List-Unsubscribe', 'One-Click']])
    expect(leave.status).toBe(410)
    expect(await subscriptionsOf(t, NEW)).toEqual({ newsletter: 'subscribed' })

    const after = await mintedLinks(NEW)
    expect((await t.app.request(after.preferences)).status).toBe(200)
    expect((await postForm(t, after.unsubscribe, [['List-Unsubscribe', 'One-Click']])).status).toBe(
      200,
    )
    expect(await subscriptionsOf(t, NEW)).toEqual({ newsletter: 'unsubscribed' })
  })

  it('a confirm link mailed to the old address confirms nothing for the new one', async () => {
    t = await createTestApp()
    expect((await subscribeJson(t, { email: OLD, lists: ['newsletter'] })).status).toBe(202)
    const confirm = linkIn(t.mailer.to(OLD)[0], 'confirm')
    await changeAddress(OLD, NEW)

    const res = await t.app.request(confirm, { method: 'POST' })
    expect(res.status).toBe(410)
    expect(await subscriptionsOf(t, NEW)).toEqual({ newsletter: 'pending' })
    const confirmed = await t.deps.db
      .selectFrom('consent_events')
      .select('id')
      .where('to_status', '=', 'subscribed')
      .execute()
    expect(confirmed).toEqual([])
  })

  it('nor does it get a fresh confirmation mailed to the new address (its resend: 410, nothing sent)', async () => {
    // Found by an attacker review: the resend of a superseded link answered 202 and mailed the
    // old address's pending lists to the new one.
    t = await createTestApp()
    expect((await subscribeJson(t, { email: OLD, lists: ['newsletter'] })).status).toBe(202)
    const confirm = linkIn(t.mailer.to(OLD)[0], 'confirm')
    await changeAddress(OLD, NEW)
    const sent = t.mailer.sent.length
    const res = await t.app.request(`${confirm}/resend`, { method: 'POST' })
    expect(res.status).toBe(410)
    expect(t.mailer.sent).toHaveLength(sent)
    expect(await subscriptionsOf(t, NEW)).toEqual({ newsletter: 'pending' })
  })

  it('a Mailchimp upemail voids the links of the old address', async () => {
    mc = await startFakeMailchimp()
    const secret = 'hook-secret-0123456789-abcdefghijkl'
    t = await createTestApp(mc.env({ MAILCHIMP_WEBHOOK_SECRET: secret }))
    await seedContact(t, OLD)
    const before = await mintedLinks(OLD)
    const hook = await t.app.request(`/webhooks/mailchimp/${secret}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        type: 'upemail',
        fired_at: '2026-11-22 11:59:00',
        'data[old_email]': OLD,
        'data[new_email]': NEW,
        'data[new_id]': 'abc123',
      }).toString(),
    })
    expect(hook.status).toBe(200)
    expect((await t.app.request(before.preferences)).status).toBe(410)
    expect(
      (await postForm(t, before.unsubscribe, [['List-Unsubscribe', 'One-Click']])).status,
    ).toBe(410)
    expect(await subscriptionsOf(t, NEW)).toEqual({ newsletter: 'subscribed' })
  })
})
