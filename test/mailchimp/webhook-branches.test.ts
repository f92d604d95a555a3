import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import {
  nestFormFields,
  parseWebhook,
  splitGroupNames,
} from '../../src/mailchimp/webhook-payload.js'
import { findContactByEmail } from '../../src/repos/contacts.js'
import {
  cleanedAbuse,
  cleanedHard,
  subscribeWithGroups,
  unsubscribeDelete,
  unsubscribeUnsub,
  upemail,
  webhookBody,
} from '../fixtures/mailchimp-webhooks/index.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { linkFor } from '../pages/support.js'
import { makeContact, outboxRows, setLists, subscriptionsOf } from './helpers.js'

// The branches of mailchimp/webhook.ts and webhook-payload.ts one by one (issue 10: what the
// mutation run found untested), each with the fixture payloads Mailchimp really sends.

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

async function hook(body: string) {
  const res = await t.app.request(`/webhooks/mailchimp/${SECRET}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })
  return { status: res.status, body: await res.json() }
}

async function subscribed(email: string, lists: string[]) {
  const contact = await makeContact(t, email)
  await setLists(t, contact, Object.fromEntries(lists.map((list) => [list, 'subscribed'])))
  await drainMailchimp(t.deps)
  return contact
}

const contacts = async () =>
  (await t.deps.db.selectFrom('contacts').select('email').execute()).length
const ledgerOf = async (contactId: string) =>
  t.deps.db
    .selectFrom('consent_events')
    .selectAll()
    .where('contact_id', '=', contactId)
    .where('source', '=', 'mailchimp')
    .orderBy('id')
    .execute()

describe('webhook.ts, branch by branch', () => {
  it('upemail whose old and new address differ only in letter case changes nothing', async () => {
    const ann = await subscribed('ann@example.com', ['newsletter', 'webinars'])
    const res = await hook(
      webhookBody(upemail, { old_email: 'ann@example.com', new_email: 'ANN@Example.com' }),
    )
    expect(res).toMatchObject({ status: 200, body: { status: 'ignored', reason: 'same address' } })
    expect(await subscriptionsOf(t, 'ann@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    expect(await ledgerOf(ann.id)).toEqual([])
  })

  it('webhooks for an unknown address change nothing and create no contact', async () => {
    await subscribed('known@example.com', ['newsletter'])
    for (const fixture of [unsubscribeUnsub, cleanedHard]) {
      const res = await hook(webhookBody(fixture, { email: 'nobody@example.com' }))
      expect(res).toMatchObject({
        status: 200,
        body: { status: 'ignored', reason: 'unknown contact' },
      })
    }
    const profile = await hook(
      mc.person.updatesProfile('nobody@example.com', ['Newsletter'], new Date(t.deps.now())),
    )
    expect(profile.body).toMatchObject({ status: 'ignored', reason: 'unknown contact' })
    const moved = await hook(
      webhookBody(upemail, { old_email: 'nobody@example.com', new_email: 'else@example.com' }),
    )
    expect(moved.body).toMatchObject({ status: 'ignored', reason: 'unknown contact' })
    expect(await contacts()).toBe(1)
  })

  it('upemail merge: the older status never overwrites the newer, and pending rows are not copied', async () => {
    const old = await subscribed('moe@example.com', ['newsletter', 'webinars'])
    const into = await makeContact(t, 'moe@work.example.com')
    t.clock.advance(60_000)
    // The newer decision about newsletter is on the contact merged into: it stays.
    await setLists(
      t,
      into,
      { newsletter: 'unsubscribed', 'call-reports': 'pending' },
      'preferences',
    )
    await setLists(t, old, { 'technical-advisories': 'pending' }, 'form')
    const res = await hook(
      webhookBody(upemail, { old_email: 'moe@example.com', new_email: 'moe@work.example.com' }),
    )
    expect(res.status).toBe(200)
    expect(await subscriptionsOf(t, 'moe@work.example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
      'call-reports': 'pending',
    })
    const left = await subscriptionsOf(t, 'moe@example.com')
    expect(left.newsletter).toBe('unsubscribed')
    expect(left.webinars).toBe('unsubscribed')
    expect(left['technical-advisories']).not.toBe('subscribed')
    const merged = await ledgerOf(into.id)
    expect(merged.map((event) => [event.list_id, event.to_status])).toEqual([
      ['webinars', 'subscribed'],
    ])
    expect(JSON.parse(merged[0]!.detail!)).toEqual({ webhook: 'upemail', merged_from: old.id })
  })

  it('upemail merge: the merged-away address keeps no working link (contract: links answer 410)', async () => {
    await subscribed('moe@example.com', ['newsletter'])
    await makeContact(t, 'moe@work.example.com')
    const prefs = await linkFor(t, 'moe@example.com', 'preferences')
    const leave = await linkFor(t, 'moe@example.com', 'unsubscribe', ['newsletter'])
    expect((await t.app.request(prefs)).status).toBe(200)
    await hook(
      webhookBody(upemail, { old_email: 'moe@example.com', new_email: 'moe@work.example.com' }),
    )
    const before = await subscriptionsOf(t, 'moe@example.com')
    expect((await t.app.request(prefs)).status).toBe(410)
    const save = await t.app.request(prefs, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: 'lists=newsletter',
    })
    expect(save.status).toBe(410)
    expect(((await save.json()) as { error: { code: string } }).error.code).toBe('link_superseded')
    expect((await t.app.request(leave)).status).toBe(410)
    expect(await subscriptionsOf(t, 'moe@example.com')).toEqual(before)
  })

  it('archived lists are left alone by webhooks', async () => {
    await subscribed('ivy@example.com', ['newsletter', 'webinars'])
    await t.deps.db.updateTable('lists').set({ archived: 1 }).where('id', '=', 'webinars').execute()
    await hook(webhookBody(unsubscribeUnsub, { email: 'ivy@example.com' }))
    expect(await subscriptionsOf(t, 'ivy@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
    })
    await hook(
      webhookBody(subscribeWithGroups, {
        email: 'ivy@example.com',
        fired_at: '2026-11-22 12:10:00',
        category_id: mc.audience.categories[0]!.id,
        groups: 'Newsletter, Webinars',
      }),
    )
    expect(await subscriptionsOf(t, 'ivy@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    const contact = (await findContactByEmail(t.deps.db, 'ivy@example.com'))!
    expect((await ledgerOf(contact.id)).map((e) => e.list_id)).toEqual(['newsletter', 'newsletter'])
  })

  it('a cleaned contact is reactivated by a Mailchimp sign-up', async () => {
    const kai = await subscribed('kai@example.com', ['newsletter'])
    await hook(webhookBody(cleanedHard, { email: 'kai@example.com' }))
    expect((await findContactByEmail(t.deps.db, 'kai@example.com'))!.status).toBe('cleaned')
    await hook(
      webhookBody(subscribeWithGroups, {
        email: 'kai@example.com',
        fired_at: '2026-11-22 12:10:00',
        category_id: mc.audience.categories[0]!.id,
        groups: 'Newsletter',
      }),
    )
    expect((await findContactByEmail(t.deps.db, 'kai@example.com'))!.status).toBe('active')
    expect(await subscriptionsOf(t, 'kai@example.com')).toEqual({ newsletter: 'subscribed' })
    const events = await t.deps.db
      .selectFrom('consent_events')
      .select(['from_status', 'to_status', 'list_id'])
      .where('contact_id', '=', kai.id)
      .where('list_id', 'is', null)
      .orderBy('id')
      .execute()
    expect(events.map((e) => e.to_status)).toEqual(['cleaned', 'active'])
  })

  it('keeps reason, action and campaign in the ledger for Mailchimp opt-outs', async () => {
    const lee = await subscribed('lee@example.com', ['newsletter'])
    const max = await subscribed('max@example.com', ['newsletter'])
    const noa = await subscribed('noa@example.com', ['newsletter'])
    const ola = await subscribed('ola@example.com', ['newsletter'])
    await hook(webhookBody(unsubscribeUnsub, { email: 'lee@example.com' }))
    await hook(webhookBody(unsubscribeDelete, { email: 'max@example.com' }))
    await hook(webhookBody(cleanedHard, { email: 'noa@example.com' }))
    await hook(webhookBody(cleanedAbuse, { email: 'ola@example.com' }))
    const detail = async (id: string) =>
      JSON.parse((await ledgerOf(id)).find((e) => e.list_id === 'newsletter')!.detail!)
    expect(await detail(lee.id)).toEqual({
      webhook: 'unsubscribe',
      reason: 'manual',
      action: 'unsub',
      campaign_id: 'cb398d21d2',
    })
    expect(await detail(max.id)).toEqual({
      webhook: 'unsubscribe',
      reason: 'manual',
      action: 'delete',
      campaign_id: null,
    })
    expect(await detail(noa.id)).toEqual({
      webhook: 'cleaned',
      reason: 'hard',
      action: null,
      campaign_id: '4fjk2ma9xd',
    })
    expect(await detail(ola.id)).toMatchObject({ webhook: 'cleaned', reason: 'abuse' })
    expect((await findContactByEmail(t.deps.db, 'ola@example.com'))!.complained).toBe(1)
    expect((await findContactByEmail(t.deps.db, 'noa@example.com'))!.complained).toBe(0)
    // Opt-outs from Mailchimp are not echoed back to it.
    expect((await outboxRows(t)).filter((row) => row.done_at === null)).toEqual([])
  })

  it('empty entries in INTERESTS name nothing', async () => {
    await subscribed('pat@example.com', ['newsletter'])
    const res = await hook(
      new URLSearchParams({
        type: 'profile',
        fired_at: '2026-11-22 12:10:00',
        'data[email]': 'pat@example.com',
        'data[merges][INTERESTS]': 'Newsletter, , Webinars,',
      }).toString(),
    )
    expect(res.status).toBe(200)
    expect(await subscriptionsOf(t, 'pat@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
  })

  it('a profile without any interest field is ignored, and a restricted contact gets no opt-in', async () => {
    const quinn = await subscribed('quinn@example.com', ['newsletter'])
    const silent = await hook(
      new URLSearchParams({
        type: 'profile',
        fired_at: '2026-11-22 12:10:00',
        'data[email]': 'quinn@example.com',
      }).toString(),
    )
    expect(silent.body).toMatchObject({ status: 'ignored', reason: 'no interests' })
    await t.deps.db
      .updateTable('contacts')
      .set({ restricted: 1 })
      .where('id', '=', quinn.id)
      .execute()
    await hook(
      mc.person.updatesProfile(
        'quinn@example.com',
        ['Newsletter', 'Webinars'],
        new Date(t.deps.now()),
      ),
    )
    expect(await subscriptionsOf(t, 'quinn@example.com')).toEqual({ newsletter: 'subscribed' })
  })
})

describe('webhook-payload.ts, branch by branch', () => {
  it('splits group names on unescaped commas only, trimming and dropping empty entries', () => {
    expect(splitGroupNames('Offers\\, deals, News')).toEqual(['Offers, deals', 'News'])
    expect(splitGroupNames('')).toEqual([])
    expect(splitGroupNames(' , A ,,B, ')).toEqual(['A', 'B'])
    expect(splitGroupNames('a\\,b\\,c')).toEqual(['a,b,c'])
  })

  it('keeps both grouping ids (unique_id and the legacy id) and the INTERESTS merge apart', () => {
    const event = parseWebhook(
      nestFormFields(
        new URLSearchParams(
          webhookBody(subscribeWithGroups, { category_id: 'abc123', groups: 'A\\, b, C' }),
        ),
      ),
      0,
    )
    expect(event).toMatchObject({
      type: 'subscribe',
      groupings: [
        { uniqueId: 'abc123', id: '6197', name: 'Prefcenter lists', groups: ['A, b', 'C'] },
      ],
      interests: ['A, b', 'C'],
      prefsUrl: undefined,
    })
  })

  it('an absent INTERESTS is undefined (says nothing), an empty one is an empty list', () => {
    const parse = (extra: string) =>
      parseWebhook(
        nestFormFields(new URLSearchParams(`type=profile&data[email]=a@example.com${extra}`)),
        5,
      )
    expect(parse('')).toMatchObject({ interests: undefined, groupings: [], firedAt: 5 })
    expect(parse('&data[merges][INTERESTS]=')).toMatchObject({ interests: [] })
    expect(parse('&data[merges][PREFSURL]=https://x.test/p')).toMatchObject({
      prefsUrl: 'https://x.test/p',
    })
  })

  it('unsubscribe action defaults to unsub; unknown actions, types and bad times are refused', () => {
    const parse = (query: string) => parseWebhook(nestFormFields(new URLSearchParams(query)), 0)
    expect(parse('type=unsubscribe&data[email]=a@example.com')).toMatchObject({
      action: 'unsub',
      reason: undefined,
      campaignId: undefined,
    })
    expect(() => parse('type=unsubscribe&data[email]=a@example.com&data[action]=x')).toThrow()
    expect(() => parse('type=nonsense&data[email]=a@example.com')).toThrow()
    expect(() =>
      parse('type=cleaned&fired_at=2026-13-45+99:99:99&data[email]=a@example.com'),
    ).toThrow()
    expect(() => parse('type=cleaned&fired_at=yesterday&data[email]=a@example.com')).toThrow()
    expect(() => parse('type=cleaned&data[email]=not-an-address')).toThrow()
    expect(parse('type=campaign&fired_at=2009-03-26+21:31:21')).toEqual({
      type: 'campaign',
      firedAt: Date.UTC(2009, 2, 26, 21, 31, 21),
    })
  })

  it('drops malformed keys and never walks into prototype keys', () => {
    const fields = nestFormFields([
      ['a]b', '1'],
      ['data[x', '2'],
      ['data[constructor][y]', '3'],
      ['data[prototype]', '4'],
      ['data[ok]', '5'],
      ['data[ok][deeper]', '6'],
    ])
    expect(JSON.parse(JSON.stringify(fields))).toEqual({ data: { ok: { deeper: '6' } } })
  })
})
