import { afterEach, describe, expect, it } from 'vitest'
import { api, enc } from '../admin/helpers.js'
import {
  contactId,
  EVENTS_ENV,
  JSON_HEADERS,
  postForm,
  statuses,
  subscribeAndConfirm,
} from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// One leave rule (issue 9, item 1): every path that leaves lists asks the same function, and
// "leave everything" means every list the person is on, archived ones included.

let t: TestApp
afterEach(() => t?.close())

async function link(
  email: string,
  purpose: 'unsubscribe' | 'unsubscribe_all' | 'preferences',
  list?: string,
): Promise<string> {
  const token = await t.deps.tokens.sign({
    purpose,
    contactId: await contactId(t, email),
    lists: list ? [list] : [],
    issuedAt: 1,
  })
  return `/${purpose === 'preferences' ? 'preferences' : 'unsubscribe'}/${token}`
}

async function archive(list: string) {
  const res = await api(t, 'POST', `/lists/${list}/archive`)
  expect(res.status).toBe(200)
}

/** Ada on newsletter and webinars, then webinars archived (the list stops, the row stays). */
async function onAnArchivedList(env: Record<string, string> = {}) {
  t = await createTestApp(env)
  await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
  await archive('webinars')
}

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

async function hostEvents(): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const rows = await t.deps.db
    .selectFrom('outbox')
    .select('payload')
    .where('topic', '=', 'host-webhook')
    .orderBy('id')
    .execute()
  return rows.map((row) => JSON.parse(row.payload))
}

const LEFT_ALL = { newsletter: 'unsubscribed', webinars: 'unsubscribed' }

describe('leaving everything leaves archived lists too', () => {
  it('the preferences page "unsubscribe from all" button', async () => {
    await onAnArchivedList()
    const res = await postForm(t, await link('ada@example.com', 'preferences'), [
      ['action', 'unsubscribe_all'],
    ])
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual(LEFT_ALL)
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('list_id', '=', 'webinars')
      .where('to_status', '=', 'unsubscribed')
      .executeTakeFirstOrThrow()
    expect(event.source).toBe('preferences')
  })

  it('a preferences save leaves every list not wanted, the archived one included', async () => {
    await onAnArchivedList()
    const res = await t.app.request(await link('ada@example.com', 'preferences'), {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ lists: ['newsletter'] }),
    })
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'unsubscribed',
    })
  })

  it('a preferences save cannot subscribe to an archived list', async () => {
    await onAnArchivedList()
    const res = await t.app.request(await link('ada@example.com', 'preferences'), {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ lists: ['newsletter', 'webinars'] }),
    })
    expect(res.status).toBe(400)
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
  })

  it('an all-lists link, RFC 8058 one-click', async () => {
    await onAnArchivedList()
    const path = await link('ada@example.com', 'unsubscribe_all')
    const res = await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual(LEFT_ALL)
  })

  it("an all-lists link, the page's own button (JSON answer names the archived list)", async () => {
    await onAnArchivedList()
    const path = await link('ada@example.com', 'unsubscribe_all')
    const res = await postForm(t, path, [], { accept: 'application/json' })
    expect(await res.json()).toEqual({
      status: 'unsubscribed',
      lists: ['newsletter', 'webinars'],
      kept: [],
    })
    expect(await statuses(t, 'ada@example.com')).toEqual(LEFT_ALL)
  })

  it('a one-list link for the archived list', async () => {
    await onAnArchivedList()
    const res = await postForm(t, await link('ada@example.com', 'unsubscribe', 'webinars'), [
      ['List-Unsubscribe', 'One-Click'],
    ])
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'unsubscribed',
    })
  })

  it('the admin API leaves an archived list', async () => {
    await onAnArchivedList()
    const res = await api(t, 'PUT', `/contacts/${enc('ada@example.com')}`, {
      subscriptions: { webinars: 'unsubscribed' },
    })
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'unsubscribed',
    })
  })

  it('the admin API still refuses to subscribe to an archived list', async () => {
    await onAnArchivedList()
    await api(t, 'PUT', `/contacts/${enc('ada@example.com')}`, {
      subscriptions: { webinars: 'unsubscribed' },
    })
    const res = await api(t, 'PUT', `/contacts/${enc('ada@example.com')}`, {
      subscriptions: { webinars: 'subscribed' },
      consent: { source: 'crm', text: 'yes' },
    })
    expect(res.status).toBe(422)
    expect((await statuses(t, 'ada@example.com')).webinars).toBe('unsubscribed')
  })
})

describe('only an account-cancelling list asks the host to cancel the account', () => {
  it('a newsletter one-click tells the host of the change, never of a cancellation', async () => {
    t = await createTestApp(EVENTS_ENV)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await link('ada@example.com', 'unsubscribe', 'newsletter')
    expect((await postForm(t, path, [['List-Unsubscribe', 'One-Click']])).status).toBe(200)
    const events = await hostEvents()
    expect(events.some((event) => event.type === 'account.cancellation_requested')).toBe(false)
    expect(events.filter((event) => event.type === 'subscription.changed').at(-1)).toMatchObject({
      data: { list: 'newsletter', from: 'subscribed', to: 'unsubscribed' },
    })
    const ledger = await t.deps.db
      .selectFrom('consent_events')
      .select('detail')
      .where('list_id', '=', 'newsletter')
      .where('to_status', '=', 'unsubscribed')
      .executeTakeFirstOrThrow()
    expect(ledger.detail ?? '').not.toContain('account_cancellation_requested')
  })

  it('a confirmed leave-all queues one cancellation, for the cancelling list only', async () => {
    t = await createTestApp(EVENTS_ENV)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
    await addAdvisories('ada@example.com')
    const res = await postForm(t, await link('ada@example.com', 'preferences'), [
      ['action', 'unsubscribe_all'],
      ['confirm_cancel', 'yes'],
    ])
    expect(res.status).toBe(200)
    const cancellations = (await hostEvents()).filter(
      (event) => event.type === 'account.cancellation_requested',
    )
    expect(cancellations.map((event) => event.data.list)).toEqual(['technical-advisories'])
  })

  it('the admin API leaving the cancelling list changes it without a cancellation request', async () => {
    t = await createTestApp(EVENTS_ENV)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories('ada@example.com')
    const res = await api(t, 'PUT', `/contacts/${enc('ada@example.com')}`, {
      subscriptions: { 'technical-advisories': 'unsubscribed' },
    })
    expect(res.status).toBe(200)
    expect((await statuses(t, 'ada@example.com'))['technical-advisories']).toBe('unsubscribed')
    expect(
      (await hostEvents()).some((event) => event.type === 'account.cancellation_requested'),
    ).toBe(false)
  })
})
