import { seedContact } from '../admin/helpers.js'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import {
  contactId,
  EVENTS_ENV,
  postForm,
  snapshot,
  statuses,
  subscribeAndConfirm,
} from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

async function unsubscribePath(email: string, list?: string): Promise<string> {
  const id = await contactId(t, email)
  const token = await t.deps.tokens.sign(
    list
      ? { purpose: 'unsubscribe', contactId: id, lists: [list], issuedAt: 1 }
      : { purpose: 'unsubscribe_all', contactId: id, lists: [], issuedAt: 1 },
  )
  return `/unsubscribe/${token}`
}

/** Puts the contact on technical-advisories the way the host application would (contract list). */
async function addAdvisories(email: string) {
  await t.deps.db
    .insertInto('subscriptions')
    .values({
      contact_id: await contactId(t, email),
      list_id: 'technical-advisories',
      status: 'subscribed',
      created_at: 0,
      updated_at: 0,
    })
    .execute()
}

function multipartOneClick(): { body: string; type: string } {
  const boundary = '----prefcenterTestBoundary'
  return {
    type: `multipart/form-data; boundary=${boundary}`,
    body: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
  }
}

describe('unsubscribe links', () => {
  it('GET shows one button and a link to the preferences page, and changes nothing', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await unsubscribePath('ada@example.com', 'newsletter')
    const before = await snapshot(t)
    const res = await t.app.request(path)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html.match(/<button/g)).toHaveLength(1)
    expect(html).toMatch(/href="\/preferences\/[^"]+"/)
    expect(html).toContain('Newsletter')
    expect(await snapshot(t)).toEqual(before)
  })

  it('RFC 8058 one-click (urlencoded): 200, no redirect, source one_click, idempotent', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
    const path = await unsubscribePath('ada@example.com', 'newsletter')
    const res = await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    expect(res.status).toBe(200)
    expect(res.headers.get('location')).toBeNull()
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
    })
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('to_status', '=', 'unsubscribed')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      source: 'one_click',
      list_id: 'newsletter',
      from_status: 'subscribed',
    })
    const before = await snapshot(t)
    const again = await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    expect(again.status).toBe(200)
    expect(await snapshot(t)).toEqual(before)
    // The spent link, asked in JSON, says where its list stands.
    const spent = await t.app.request(path, { headers: { accept: 'application/json' } })
    expect(await spent.json()).toEqual({
      lists: ['newsletter'],
      statuses: { newsletter: 'unsubscribed' },
      requires_confirmation: false,
    })
  })

  it('RFC 8058 one-click (multipart/form-data)', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['webinars'])
    const path = await unsubscribePath('ada@example.com', 'webinars')
    const { body, type } = multipartOneClick()
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': type },
      body,
    })
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({ webinars: 'unsubscribed' })
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('to_status', '=', 'unsubscribed')
      .executeTakeFirstOrThrow()
    expect(event.source).toBe('one_click')
  })

  it("the page's own button records source unsubscribe_page; JSON answers list what was left", async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['webinars'])
    const path = await unsubscribePath('ada@example.com', 'webinars')
    const res = await t.app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: '',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'unsubscribed', lists: ['webinars'], kept: [] })
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('to_status', '=', 'unsubscribed')
      .executeTakeFirstOrThrow()
    expect(event.source).toBe('unsubscribe_page')
  })

  it('a valid link works whatever its body: empty JSON, text/plain, no content type', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
    // A contract list comes with an account: the company puts the person on it.
    await seedContact(t, 'ada@example.com', { 'call-reports': 'subscribed' })
    const inits: RequestInit[] = [
      { headers: { 'content-type': 'application/json', accept: 'application/json' } },
      { headers: { 'content-type': 'text/plain' }, body: 'List-Unsubscribe=One-Click' },
      {},
    ]
    for (const [index, list] of ['newsletter', 'webinars', 'call-reports'].entries()) {
      const res = await t.app.request(await unsubscribePath('ada@example.com', list), {
        method: 'POST',
        ...inits[index],
      })
      expect(res.status).toBe(200)
    }
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
      'call-reports': 'unsubscribed',
    })
  })

  it('refuses forged, truncated and other-purpose tokens with 400 and no change', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await unsubscribePath('ada@example.com', 'newsletter')
    const prefs = await t.deps.tokens.sign({
      purpose: 'preferences',
      contactId: await contactId(t, 'ada@example.com'),
      lists: [],
      issuedAt: 1,
    })
    const before = await snapshot(t)
    for (const candidate of [
      path.slice(0, -3),
      `${path.slice(0, -2)}xx`,
      `/unsubscribe/${prefs}`,
      '/unsubscribe/abc',
      `/unsubscribe/${'%ff'.repeat(300)}`,
    ]) {
      const res = await postForm(t, candidate, [['List-Unsubscribe', 'One-Click']])
      expect(res.status, candidate.slice(0, 50)).toBe(400)
      const page = await t.app.request(candidate)
      expect(page.status).toBe(400)
      // A link a mail client cut or wrapped: the page leads on to a fresh one (a review).
      expect(await page.text()).toContain('href="/manage"')
    }
    expect(await snapshot(t)).toEqual(before)
  })

  it('leaves a list archived since the mail was sent', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['webinars'])
    await t.deps.db.updateTable('lists').set({ archived: 1 }).where('id', '=', 'webinars').execute()
    const path = await unsubscribePath('ada@example.com', 'webinars')
    expect(await (await t.app.request(path)).text()).toContain('Stop receiving “Webinars”')
    expect((await postForm(t, path, [['List-Unsubscribe', 'One-Click']])).status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({ webinars: 'unsubscribed' })
  })

  it('an all-lists token leaves every list', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
    // A contract list comes with an account: the company puts the person on it.
    await seedContact(t, 'ada@example.com', { 'call-reports': 'subscribed' })
    const res = await postForm(t, await unsubscribePath('ada@example.com'), [
      ['List-Unsubscribe', 'One-Click'],
    ])
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
      'call-reports': 'unsubscribed',
    })
  })

  it('answers 410 for the link of an erased contact (nothing left to unsubscribe)', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await unsubscribePath('ada@example.com', 'newsletter')
    await t.deps.db.deleteFrom('subscriptions').execute()
    await t.deps.db.deleteFrom('contacts').execute()
    expect((await postForm(t, path, [['List-Unsubscribe', 'One-Click']])).status).toBe(410)
  })
})

describe('a list that cancels the account (technical-advisories)', () => {
  it('is never one-click: the page warns, and a POST without the explicit tick answers 400 and changes nothing', async () => {
    t = await createTestApp(EVENTS_ENV)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories('ada@example.com')
    const path = await unsubscribePath('ada@example.com', 'technical-advisories')
    const page = await (await t.app.request(path)).text()
    expect(page).toContain('cancels your account')
    expect(page).toMatch(
      /<input type="checkbox" id="confirm_cancel" name="confirm_cancel" value="yes"\/>/,
    )

    const before = await snapshot(t)
    const oneClick = await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    expect(oneClick.status).toBe(400)
    const html = await oneClick.text()
    expect(html).toContain('name="confirm_cancel"')
    const json = await postForm(t, path, [['List-Unsubscribe', 'One-Click']], {
      accept: 'application/json',
    })
    expect(json.status).toBe(400)
    expect((await json.json()).error.code).toBe('confirmation_required')
    expect(await snapshot(t)).toEqual(before)
  })

  it('with the tick: leaves, records the cancellation request and queues the account.cancellation_requested event', async () => {
    t = await createTestApp(EVENTS_ENV)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories('ada@example.com')
    const path = await unsubscribePath('ada@example.com', 'technical-advisories')
    const res = await postForm(t, path, [['confirm_cancel', 'yes']])
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('cancel your account')
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'subscribed',
      'technical-advisories': 'unsubscribed',
    })
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('list_id', '=', 'technical-advisories')
      .executeTakeFirstOrThrow()
    expect(event).toMatchObject({
      source: 'unsubscribe_page',
      to_status: 'unsubscribed',
      legal_basis: 'contract',
    })
    expect(JSON.parse(event.detail!)).toMatchObject({ account_cancellation_requested: true })
    const outbox = await t.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'host-webhook')
      .execute()
    const cancellation = outbox
      .map((row) => JSON.parse(row.payload))
      .find((payload) => payload.type === 'account.cancellation_requested')
    expect(cancellation).toMatchObject({
      data: { contact_id: await contactId(t, 'ada@example.com'), list: 'technical-advisories' },
    })
    expect(typeof cancellation.timestamp).toBe('number')
  })

  it('without EVENTS_WEBHOOK_URL no events row is queued, the ledger still records the request', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories('ada@example.com')
    await postForm(t, await unsubscribePath('ada@example.com', 'technical-advisories'), [
      ['confirm_cancel', 'yes'],
    ])
    expect(
      await t.deps.db
        .selectFrom('outbox')
        .selectAll()
        .where('topic', '=', 'host-webhook')
        .execute(),
    ).toEqual([])
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('list_id', '=', 'technical-advisories')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(event.detail!).account_cancellation_requested).toBe(true)
  })

  it('an all-lists one-click leaves everything else and keeps it, offering the explicit confirmation', async () => {
    t = await createTestApp(EVENTS_ENV)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
    await addAdvisories('ada@example.com')
    const path = await unsubscribePath('ada@example.com')
    const page = await (await t.app.request(path)).text()
    expect(page).toContain('stays on unless you also tick the box')
    expect(page).toContain('name="confirm_cancel"')
    const res = await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('is still on')
    expect(html).toContain('name="confirm_cancel"')
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
      'technical-advisories': 'subscribed',
    })
    const confirmed = await postForm(t, path, [['confirm_cancel', 'yes']], {
      accept: 'application/json',
    })
    expect(await confirmed.json()).toEqual({
      status: 'unsubscribed',
      lists: ['technical-advisories'],
      kept: [],
    })
    expect((await statuses(t, 'ada@example.com'))['technical-advisories']).toBe('unsubscribed')
  })
})
