import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import { findContactByEmail } from '../../src/repos/contacts.js'
import { suppress } from '../../src/domain/privacy/suppression.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { makeContact, outboxRows, setLists, subscriptionsOf } from './helpers.js'

const SECRET = 'hook-secret-0123456789'
let mc: FakeMailchimpServer
let t: TestApp

beforeEach(async () => {
  mc = await startFakeMailchimp()
  t = await createTestApp(mc.env({ MAILCHIMP_WEBHOOK_SECRET: SECRET }))
})
afterEach(async () => {
  await t.close()
  await mc.close()
})

async function post(fields: Record<string, string>, secret = SECRET): Promise<Response> {
  return t.app.request(`/webhooks/mailchimp/${secret}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  })
}

const at = '2026-11-22 12:05:00'
const AT_MS = Date.UTC(2026, 10, 22, 12, 5, 0)

async function ledger(email: string) {
  const contact = (await findContactByEmail(t.deps.db, email))!
  return t.deps.db
    .selectFrom('consent_events')
    .selectAll()
    .where('contact_id', '=', contact.id)
    .where('source', '=', 'mailchimp')
    .orderBy('id')
    .execute()
}

async function subscribed(email: string, lists: string[]) {
  const contact = await makeContact(t, email)
  await setLists(t, contact, Object.fromEntries(lists.map((list) => [list, 'subscribed'])))
  await drainMailchimp(t.deps) // provisions and syncs
  return contact
}

describe('Mailchimp webhook endpoint', () => {
  it('answers the validator GET with 200, and 404 for a wrong secret', async () => {
    expect((await t.app.request(`/webhooks/mailchimp/${SECRET}`)).status).toBe(200)
    expect((await t.app.request('/webhooks/mailchimp/wrong-secret-123')).status).toBe(404)
  })

  it('refuses a wrong secret with 404 and records nothing', async () => {
    await subscribed('ann@example.com', ['newsletter'])
    const res = await post(
      {
        type: 'unsubscribe',
        fired_at: at,
        'data[email]': 'ann@example.com',
        'data[action]': 'unsub',
        'data[reason]': 'manual',
      },
      'nope-nope-nope',
    )
    expect(res.status).toBe(404)
    expect(await subscriptionsOf(t, 'ann@example.com')).toEqual({ newsletter: 'subscribed' })
    expect(
      await t.deps.db.selectFrom('mailchimp_webhook_receipts').selectAll().execute(),
    ).toHaveLength(0)
  })

  it('answers 404 when no webhook secret is configured', async () => {
    const other = await createTestApp(mc.env())
    const res = await other.app.request('/webhooks/mailchimp/anything-at-all', {
      method: 'POST',
      body: 'type=campaign',
    })
    expect(res.status).toBe(404)
    await other.close()
  })

  it('refuses malformed payloads with 400 and changes nothing', async () => {
    await subscribed('bea@example.com', ['newsletter'])
    const cases = [
      {},
      { type: 'unsubscribe', fired_at: 'yesterday', 'data[email]': 'bea@example.com' },
      { type: 'unsubscribe', fired_at: at, 'data[email]': 'not-an-address' },
      { type: 'unsubscribe', fired_at: at },
      { type: 'unsubscribe', fired_at: '2026-13-45 99:00:00', 'data[email]': 'bea@example.com' },
      { type: 'mystery', fired_at: at, 'data[email]': 'bea@example.com' },
      { type: 'upemail', fired_at: at, 'data[old_email]': 'bea@example.com' },
    ]
    for (const fields of cases) {
      const res = await post(fields as Record<string, string>)
      expect(res.status).toBe(400)
    }
    const json = await t.app.request(`/webhooks/mailchimp/${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'unsubscribe', data: { email: 'bea@example.com' } }),
    })
    expect(json.status).toBe(400)
    expect(await subscriptionsOf(t, 'bea@example.com')).toEqual({ newsletter: 'subscribed' })
    expect(await ledger('bea@example.com')).toHaveLength(0)
  })

  it('a key nested 20,000 levels deep is no 5xx: it is dropped, the event applies once', async () => {
    // Found by an attacker review: comparing replays walked the nesting and ran out of stack.
    await subscribed('deb@example.com', ['newsletter'])
    const body = `type=unsubscribe&fired_at=${encodeURIComponent(at)}&data[action]=unsub&data[email]=deb%40example.com&data[merges][GROUPINGS]${'[a]'.repeat(20_000)}=1`
    const send = () =>
      t.app.request(`/webhooks/mailchimp/${SECRET}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })
    const first = await send()
    expect(first.status).toBe(200)
    expect(await first.json()).toMatchObject({ status: 'applied', changes: 1 })
    const second = await send()
    expect(second.status).toBe(200)
    expect(await second.json()).toMatchObject({ status: 'replay' })
    expect(await subscriptionsOf(t, 'deb@example.com')).toEqual({ newsletter: 'unsubscribed' })
    expect(await ledger('deb@example.com')).toHaveLength(1)
  })

  it('unsubscribe: every synced list unsubscribed, in the ledger with source mailchimp and fired_at, not echoed', async () => {
    await subscribed('cal@example.com', ['newsletter', 'webinars'])
    const before = (await outboxRows(t)).length
    const res = await post({
      type: 'unsubscribe',
      fired_at: at,
      'data[email]': 'cal@example.com',
      'data[action]': 'unsub',
      'data[reason]': 'manual',
      'data[list_id]': mc.audienceId,
    })
    expect(res.status).toBe(200)
    expect(await subscriptionsOf(t, 'cal@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
    })
    const events = await ledger('cal@example.com')
    expect(events).toHaveLength(2)
    expect(
      events.every((event) => event.occurred_at === AT_MS && event.to_status === 'unsubscribed'),
    ).toBe(true)
    expect((await outboxRows(t)).length).toBe(before)
    expect((await findContactByEmail(t.deps.db, 'cal@example.com'))!.complained).toBe(0)
  })

  it('unsubscribe with reason abuse also marks the contact complained, and cleaned as a whole', async () => {
    await subscribed('dan@example.com', ['newsletter'])
    await post({
      type: 'unsubscribe',
      fired_at: at,
      'data[email]': 'dan@example.com',
      'data[action]': 'delete',
      'data[reason]': 'abuse',
    })
    const dan = (await findContactByEmail(t.deps.db, 'dan@example.com'))!
    expect(dan.complained).toBe(1)
    // The contract: "a contact whose mail hard-bounced or who complained is cleaned as a whole".
    expect(dan.status).toBe('cleaned')
    expect(await subscriptionsOf(t, 'dan@example.com')).toEqual({ newsletter: 'unsubscribed' })
  })

  it('takes an address Mailchimp holds that a narrower pattern refused (a&b@…): 200, applied', async () => {
    // A 400 makes Mailchimp retry, and after many failures disable the webhook.
    await subscribed('ann.b@example.com', ['newsletter'])
    const res = await post({
      type: 'upemail',
      fired_at: at,
      'data[old_email]': 'ann.b@example.com',
      'data[new_email]': 'ann&bob@example.com',
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'applied' })
    expect(await subscriptionsOf(t, 'ann&bob@example.com')).toEqual({ newsletter: 'subscribed' })
  })

  it('an address that may not become a contact here (a%b@…): 200 and ignored, never a 400 (a review)', async () => {
    await subscribed('cara@example.com', ['newsletter'])
    const events: Record<string, string>[] = [
      { type: 'subscribe', fired_at: at, 'data[email]': 'a%b@example.com' },
      {
        type: 'upemail',
        fired_at: at,
        'data[old_email]': 'cara@example.com',
        'data[new_email]': 'victim%40gmail.com#@evil.example',
      },
      { type: 'unsubscribe', fired_at: at, 'data[email]': 'a/b@example.com' },
    ]
    for (const fields of events) {
      const res = await post(fields)
      expect(res.status, fields.type).toBe(200)
      expect((await res.json()).status, fields.type).toBe('ignored')
    }
    expect(await subscriptionsOf(t, 'cara@example.com')).toEqual({ newsletter: 'subscribed' })
    expect(await findContactByEmail(t.deps.db, 'a%b@example.com')).toBeUndefined()
  })

  it('a replay changes nothing the second time', async () => {
    await subscribed('eli@example.com', ['newsletter'])
    const fields = {
      type: 'unsubscribe',
      fired_at: at,
      'data[email]': 'eli@example.com',
      'data[action]': 'unsub',
      'data[reason]': 'manual',
    }
    expect(await (await post(fields)).json()).toMatchObject({ status: 'applied', changes: 1 })
    // Re-subscribed in Prefcenter afterwards; the replayed old webhook must not undo that.
    t.clock.advance(10 * 60_000)
    await setLists(t, (await findContactByEmail(t.deps.db, 'eli@example.com'))!, {
      newsletter: 'subscribed',
    })
    const replay = await post(fields)
    expect(replay.status).toBe(200)
    expect(await replay.json()).toMatchObject({ status: 'replay', changes: 0 })
    expect(await subscriptionsOf(t, 'eli@example.com')).toEqual({ newsletter: 'subscribed' })
    expect(await ledger('eli@example.com')).toHaveLength(1)
  })

  it('cleaned: the contact becomes cleaned and its lists unsubscribed', async () => {
    await subscribed('fox@example.com', ['newsletter', 'call-reports'])
    const res = await post({
      type: 'cleaned',
      fired_at: at,
      'data[email]': 'fox@example.com',
      'data[reason]': 'hard',
      'data[campaign_id]': 'c1',
    })
    expect(res.status).toBe(200)
    const contact = (await findContactByEmail(t.deps.db, 'fox@example.com'))!
    expect(contact.status).toBe('cleaned')
    expect(await subscriptionsOf(t, 'fox@example.com')).toEqual({
      newsletter: 'unsubscribed',
      'call-reports': 'unsubscribed',
    })
    const events = await ledger('fox@example.com')
    expect(
      events.some(
        (event) =>
          event.list_id === null && event.to_status === 'cleaned' && event.occurred_at === AT_MS,
      ),
    ).toBe(true)
  })

  it('profile: interests map back to lists, by name, also after a rename', async () => {
    await subscribed('gil@example.com', ['newsletter'])
    await t.deps.db
      .updateTable('lists')
      .set({ name: 'Monthly letter' })
      .where('id', '=', 'newsletter')
      .execute()
    const res = await post({
      type: 'profile',
      fired_at: at,
      'data[email]': 'gil@example.com',
      'data[merges][INTERESTS]': 'Newsletter, Webinars',
    })
    expect(res.status).toBe(200)
    expect(await subscriptionsOf(t, 'gil@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    await post({
      type: 'profile',
      fired_at: '2026-11-22 12:06:00',
      'data[email]': 'gil@example.com',
      'data[merges][GROUPINGS][0][id]': '7518',
      'data[merges][GROUPINGS][0][unique_id]': mc.audience.categories[0]!.id,
      'data[merges][GROUPINGS][0][name]': 'Prefcenter lists',
      'data[merges][GROUPINGS][0][groups]': 'Webinars',
    })
    expect(await subscriptionsOf(t, 'gil@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
    })
  })

  it('two profile edits within one second are two events, not a replay (a parity review)', async () => {
    await subscribed('ida@example.com', ['newsletter'])
    const edit = (fname: string) =>
      post({
        type: 'profile',
        fired_at: at,
        'data[email]': 'ida@example.com',
        'data[merges][FNAME]': fname,
        'data[merges][INTERESTS]': 'Newsletter',
      })
    expect(await (await edit('Ida')).json()).not.toMatchObject({ status: 'replay' })
    expect(await (await edit('Idalina')).json()).not.toMatchObject({ status: 'replay' })
    expect(await (await edit('Idalina')).json()).toMatchObject({ status: 'replay' })
  })

  it('subscribe: a new person becomes subscribed with source mailchimp, to the interests given', async () => {
    const res = await post({
      type: 'subscribe',
      fired_at: at,
      'data[email]': 'Hal@Example.com',
      'data[merges][INTERESTS]': 'Webinars',
    })
    expect(res.status).toBe(200)
    expect(await subscriptionsOf(t, 'hal@example.com')).toEqual({ webinars: 'subscribed' })
    expect((await ledger('hal@example.com'))[0]).toMatchObject({
      source: 'mailchimp',
      to_status: 'subscribed',
      occurred_at: AT_MS,
    })
    // One sync fills in PREFSURL and interests, with the same status (not an echo of a change).
    await drainMailchimp(t.deps)
    const put = mc.requests('PUT', '/members/')
    expect(put).toHaveLength(1)
    expect(put[0]!.body.status).toBe('subscribed')
    expect(String(put[0]!.body.merge_fields.PREFSURL)).toContain('/preferences/')
  })

  it('never joins a contract list from Mailchimp: not by subscribe, not by a profile tick (found by a review)', async () => {
    await post({
      type: 'subscribe',
      fired_at: at,
      'data[email]': 'eve@example.com',
      'data[merges][INTERESTS]': 'Technical advisories, Newsletter',
    })
    expect(await subscriptionsOf(t, 'eve@example.com')).toEqual({ newsletter: 'subscribed' })
    await post({
      type: 'profile',
      fired_at: '2026-11-22 12:06:00',
      'data[email]': 'eve@example.com',
      'data[merges][INTERESTS]': 'Newsletter, Call reports',
    })
    expect(await subscriptionsOf(t, 'eve@example.com')).toEqual({ newsletter: 'subscribed' })
  })

  it('subscribe from a member that already has PREFSURL queues nothing', async () => {
    await post({
      type: 'subscribe',
      fired_at: at,
      'data[email]': 'hap@example.com',
      'data[merges][PREFSURL]': 'http://prefcenter.test/preferences/x',
    })
    expect(await subscriptionsOf(t, 'hap@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    expect(await outboxRows(t)).toHaveLength(0)
  })

  it('subscribe without interests (nor fired_at): the public synced lists, at the time received', async () => {
    await post({ type: 'subscribe', 'data[email]': 'ivy@example.com' })
    expect(await subscriptionsOf(t, 'ivy@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    expect((await ledger('ivy@example.com'))[0]!.occurred_at).toBe(t.deps.now())
  })

  it('subscribe never resubscribes a suppressed address, nor overrides a later Prefcenter opt-out', async () => {
    await suppress(t.deps.db, t.deps.config.signingKeys!, 'jay@example.com', 'erased', t.deps.now())
    const res = await post({ type: 'subscribe', fired_at: at, 'data[email]': 'jay@example.com' })
    expect(res.status).toBe(200)
    expect(await findContactByEmail(t.deps.db, 'jay@example.com')).toBeUndefined()

    const kai = await subscribed('kai@example.com', ['newsletter'])
    t.clock.advance(10 * 60_000) // the opt-out happens at 12:10, after the webhook's fired_at
    await setLists(t, kai, { newsletter: 'unsubscribed' }, 'one_click')
    await post({
      type: 'subscribe',
      fired_at: at,
      'data[email]': 'kai@example.com',
      'data[merges][INTERESTS]': 'Newsletter',
    })
    expect(await subscriptionsOf(t, 'kai@example.com')).toEqual({ newsletter: 'unsubscribed' })
  })

  it('upemail: the address changes', async () => {
    const lee = await subscribed('lee@example.com', ['newsletter'])
    const res = await post({
      type: 'upemail',
      fired_at: at,
      'data[old_email]': 'lee@example.com',
      'data[new_email]': 'lee.new@example.com',
      'data[new_id]': 'abc',
    })
    expect(res.status).toBe(200)
    expect((await findContactByEmail(t.deps.db, 'lee.new@example.com'))!.id).toBe(lee.id)
    expect(await findContactByEmail(t.deps.db, 'lee@example.com')).toBeUndefined()
  })

  it('upemail onto an existing contact merges: the more recent status per list wins', async () => {
    const old = await subscribed('moe@example.com', ['newsletter'])
    const existing = await makeContact(t, 'moe@work.example.com')
    await setLists(t, existing, { webinars: 'subscribed' })
    t.clock.advance(60_000)
    await setLists(t, old, { webinars: 'unsubscribed' }, 'preferences')
    await post({
      type: 'upemail',
      fired_at: '2026-11-22 12:10:00',
      'data[old_email]': 'moe@example.com',
      'data[new_email]': 'moe@work.example.com',
    })
    expect(await subscriptionsOf(t, 'moe@work.example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'unsubscribed',
    })
    expect(await subscriptionsOf(t, 'moe@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
    })
  })

  it('campaign is acknowledged and ignored', async () => {
    await subscribed('ned@example.com', ['newsletter'])
    const res = await post({
      type: 'campaign',
      fired_at: at,
      'data[id]': 'c1',
      'data[subject]': 'Hi',
      'data[status]': 'sent',
      'data[reason]': '',
      'data[list_id]': mc.audienceId,
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ignored' })
    expect(await subscriptionsOf(t, 'ned@example.com')).toEqual({ newsletter: 'subscribed' })
  })

  it('ignores opt-ins and address moves from another audience; opt-outs apply from any', async () => {
    const mia = await subscribed('mia@example.com', ['newsletter'])
    const other = { 'data[list_id]': 'someOtherAudience' }
    const answers = [
      await post({ type: 'subscribe', fired_at: at, 'data[email]': 'otto@example.com', ...other }),
      await post({
        type: 'profile',
        fired_at: at,
        'data[email]': 'mia@example.com',
        'data[merges][INTERESTS]': 'Newsletter, Webinars',
        ...other,
      }),
      await post({
        type: 'upemail',
        fired_at: at,
        'data[old_email]': 'mia@example.com',
        'data[new_email]': 'mia.new@example.com',
        ...other,
      }),
    ]
    for (const res of answers) {
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ status: 'ignored', reason: 'other audience' })
    }
    expect(await findContactByEmail(t.deps.db, 'otto@example.com')).toBeUndefined()
    expect((await findContactByEmail(t.deps.db, 'mia@example.com'))!.id).toBe(mia.id)
    expect(await subscriptionsOf(t, 'mia@example.com')).toEqual({ newsletter: 'subscribed' })
    // The same subscribe from our own audience applies.
    await post({
      type: 'subscribe',
      fired_at: at,
      'data[email]': 'otto@example.com',
      'data[list_id]': mc.audienceId,
    })
    expect(await findContactByEmail(t.deps.db, 'otto@example.com')).toBeDefined()
    // A "no" is honoured whichever audience says it.
    await post({
      type: 'unsubscribe',
      fired_at: at,
      'data[email]': 'mia@example.com',
      'data[action]': 'unsub',
      ...other,
    })
    expect(await subscriptionsOf(t, 'mia@example.com')).toEqual({ newsletter: 'unsubscribed' })
  })

  it("accepts the example payload of Mailchimp's documentation as sent", async () => {
    await subscribed('api@mailchimp.com', ['newsletter', 'webinars'])
    const body =
      'type=unsubscribe&fired_at=2009-03-26+21%3A40%3A57&data%5Baction%5D=unsub&data%5Breason%5D=manual&data%5Bid%5D=8a25ff1d98&data%5Blist_id%5D=a6b5da1054&data%5Bemail%5D=api%40mailchimp.com&data%5Bemail_type%5D=html&data%5Bmerges%5D%5BEMAIL%5D=api%40mailchimp.com&data%5Bmerges%5D%5BFNAME%5D=Mailchimp&data%5Bmerges%5D%5BLNAME%5D=API&data%5Bmerges%5D%5BINTERESTS%5D=Group1%2CGroup2&data%5Bip_opt%5D=10.20.10.30&data%5Bcampaign_id%5D=cb398d21d2'
    const res = await t.app.request(`/webhooks/mailchimp/${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect(res.status).toBe(200)
    // An opt-out applies whatever its time (here 2009, before Prefcenter's own subscription).
    expect(await subscriptionsOf(t, 'api@mailchimp.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
    })
    expect((await ledger('api@mailchimp.com'))[0]!.occurred_at).toBe(
      Date.UTC(2009, 2, 26, 21, 40, 57),
    )
  })
})

describe('Mailchimp webhook concurrency', () => {
  it('parallel subscribes of one new address create one contact, without a 5xx', async () => {
    const statuses = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        post({
          type: 'subscribe',
          fired_at: `2026-11-22 12:05:0${i}`,
          'data[email]': 'par@example.com',
          'data[merges][INTERESTS]': 'Newsletter',
        }).then((res) => res.status),
      ),
    )
    expect(statuses).toEqual(Array(6).fill(200))
    expect(
      await t.deps.db
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'par@example.com')
        .execute(),
    ).toHaveLength(1)
    expect(await subscriptionsOf(t, 'par@example.com')).toEqual({ newsletter: 'subscribed' })
  })
})
