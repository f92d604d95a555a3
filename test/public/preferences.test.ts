import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { JSON_HEADERS, postForm, snapshot, statuses, subscribeAndConfirm } from './helpers.js'
import { textOf } from '../pages/support.js'

let t: TestApp
afterEach(() => t?.close())

async function preferencesPath(email: string): Promise<string> {
  const { id } = await t.deps.db
    .selectFrom('contacts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  return `/preferences/${await t.deps.tokens.sign({ purpose: 'preferences', contactId: id, lists: [], issuedAt: 1 })}`
}

async function addAdvisories(email: string) {
  const { id } = await t.deps.db
    .selectFrom('contacts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  await t.deps.db
    .insertInto('subscriptions')
    .values({
      contact_id: id,
      list_id: 'technical-advisories',
      status: 'subscribed',
      created_at: 0,
      updated_at: 0,
    })
    .execute()
}

describe('the preferences page', () => {
  it('shows every list with name, description and status, the toggles, unsubscribe-all and the data controls', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await preferencesPath('ada@example.com')
    const res = await t.app.request(path)
    expect(res.status).toBe(200)
    const html = await res.text()
    for (const name of ['Newsletter', 'Webinars']) expect(html).toContain(name)
    // Contract lists show only for people on them (issue 13 item 5).
    for (const name of ['Technical advisories', 'Call reports']) expect(html).not.toContain(name)
    expect(html).toContain('Invitations to our webinar series.')
    expect(html).toMatch(/value="newsletter" checked=""/)
    expect(html).toMatch(/value="webinars"\/>/)
    expect(html).toContain('Status: Subscribed')
    expect(html).toContain('Status: Not subscribed')
    expect(html).toContain('<fieldset><legend>Your lists</legend>')
    expect(html).toContain('name="action" value="unsubscribe_all"')
    expect(html).toContain(`action="${path}/export"`)
    expect(html).toContain(`href="${path}/erase"`)
    expect(html).toContain(`action="${path}/restrict"`)
    expect(html).toContain('name="restricted" value="1"')

    const json = await t.app.request(path, { headers: { accept: 'application/json' } })
    const body = await json.json()
    expect(body.restricted).toBe(false)
    expect(
      body.lists.map((list: { id: string; status: string }) => [list.id, list.status]),
    ).toEqual([
      ['newsletter', 'subscribed'],
      ['technical-advisories', 'not_subscribed'],
      ['call-reports', 'not_subscribed'],
      ['webinars', 'not_subscribed'],
    ])
  })

  it('saves the toggles: ticked lists subscribe at once, unticked ones leave, one ledger event per change', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await preferencesPath('ada@example.com')
    const eventsBefore = (await snapshot(t)).events.length
    const res = await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'webinars'],
    ])
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('Your preferences are saved.')
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
    })
    const events = (await snapshot(t)).events.slice(eventsBefore)
    expect(events).toHaveLength(2)
    for (const event of events) expect(event.source).toBe('preferences')
    const webinars = events.find((event) => event.list_id === 'webinars')!
    // The wording this page shows (a privacy review: it recorded the sign-up form's instead).
    expect(webinars.consent_text).toContain('By saving, or subscribing again, I agree')
    expect(textOf(await (await t.app.request(path)).text())).toContain(webinars.consent_text!)
    expect(webinars.consent_version).toBeTruthy()
    // Saving the same again changes nothing.
    const before = await snapshot(t)
    await postForm(t, path, [['lists', 'webinars']])
    expect(await snapshot(t)).toEqual(before)
  })

  it('takes JSON; a JSON save without lists is refused rather than unsubscribing everything', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await preferencesPath('ada@example.com')
    const bad = await t.app.request(path, { method: 'POST', headers: JSON_HEADERS, body: '{}' })
    expect(bad.status).toBe(400)
    const res = await t.app.request(path, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ lists: ['webinars'] }),
    })
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.status).toBe('saved')
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
    })
    const unknown = await t.app.request(path, {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({ lists: ['nope'] }),
    })
    expect(unknown.status).toBe(400)
    expect((await unknown.json()).error.code).toBe('unknown_list')
  })

  it('unsubscribe from all leaves every list', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
    const res = await postForm(t, await preferencesPath('ada@example.com'), [
      ['action', 'unsubscribe_all'],
    ])
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
    })
  })

  it('unticking the account-cancelling list needs the explicit tick; without it nothing at all is saved', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories('ada@example.com')
    const path = await preferencesPath('ada@example.com')
    const page = await (await t.app.request(path)).text()
    expect(page).toContain('cancels your account')
    const before = await snapshot(t)
    const refused = await postForm(t, path, [['lists', 'webinars']])
    expect(refused.status).toBe(400)
    expect(await refused.text()).toContain('Please tick the box')
    expect(await snapshot(t)).toEqual(before)

    const res = await postForm(t, path, [
      ['lists', 'webinars'],
      ['confirm_cancel', 'yes'],
    ])
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
      'technical-advisories': 'unsubscribed',
    })
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('list_id', '=', 'technical-advisories')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(event.detail!).account_cancellation_requested).toBe(true)
  })

  it('unsubscribe from all keeps the account-cancelling list until confirmed', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories('ada@example.com')
    const path = await preferencesPath('ada@example.com')
    const res = await postForm(t, path, [['action', 'unsubscribe_all']])
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain('is still on')
    // What it did is said at the top, as after a save (a review: the page said nothing).
    expect(textOf(html)).toContain('Left: Newsletter')
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      'technical-advisories': 'subscribed',
    })
    // The form under the kept list, sent without its tick: an error, not the same page again.
    const unticked = await postForm(t, path, [
      ['action', 'unsubscribe_all'],
      ['confirming', 'yes'],
    ])
    expect(unticked.status).toBe(400)
    expect(textOf(await unticked.text())).toContain('Please tick the box')
    expect((await statuses(t, 'ada@example.com'))['technical-advisories']).toBe('subscribed')
    await postForm(t, path, [
      ['action', 'unsubscribe_all'],
      ['confirming', 'yes'],
      ['confirm_cancel', 'yes'],
    ])
    expect((await statuses(t, 'ada@example.com'))['technical-advisories']).toBe('unsubscribed')
  })

  it('refuses bad tokens and bad bodies with 4xx and no change', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await preferencesPath('ada@example.com')
    const before = await snapshot(t)
    expect((await t.app.request(path.slice(0, -4))).status).toBe(400)
    expect((await postForm(t, path.slice(0, -4), [['lists', 'webinars']])).status).toBe(400)
    expect(
      (await t.app.request(path, { method: 'POST', headers: JSON_HEADERS, body: '{"lists":' }))
        .status,
    ).toBe(400)
    expect(
      (
        await t.app.request(path, {
          method: 'POST',
          headers: { 'content-type': 'text/plain' },
          body: 'lists=webinars',
        })
      ).status,
    ).toBe(415)
    expect((await postForm(t, path, [['action', 'explode']])).status).toBe(400)
    expect(await snapshot(t)).toEqual(before)
  })
})
