import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { preferencesUrl } from '../../src/domain/links/links.js'
import { subscriberHash } from '../../src/mailchimp/subscriber-hash.js'
import { reconcile } from '../../src/mailchimp/reconcile.js'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import { findContactByEmail } from '../../src/repos/contacts.js'
import { profileSeveralCategories, webhookBody } from '../fixtures/mailchimp-webhooks/index.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'
import {
  makeContact,
  makeSubscribedMany,
  outboxRows,
  setLists,
  subscriptionsOf,
} from './helpers.js'

// Issue 10, item by item, against the fake that behaves as Mailchimp does (compliance states,
// Member Exists, required merge fields, the interest limit) and sends real form bodies.

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

const hook = (body: string) =>
  t.app.request(`/webhooks/mailchimp/${SECRET}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body,
  })

const api = (method: string, path: string, body?: unknown) =>
  t.app.request(`/api/v1${path}`, {
    method,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })

/** The app's clock as Mailchimp's webhooks write it, `seconds` later. */
const firedAt = (seconds = 60) => new Date(t.deps.now() + seconds * 1000)

async function subscribed(email: string, lists: string[]) {
  const contact = await makeContact(t, email)
  await setLists(t, contact, Object.fromEntries(lists.map((list) => [list, 'subscribed'])))
  await drainMailchimp(t.deps)
  return contact
}

async function mailchimpLedger(email: string) {
  const contact = (await findContactByEmail(t.deps.db, email))!
  return t.deps.db
    .selectFrom('consent_events')
    .selectAll()
    .where('contact_id', '=', contact.id)
    .where('source', '=', 'mailchimp')
    .orderBy('id')
    .execute()
}

describe('1. an opt-out is never stuck behind a refused address change', () => {
  it('Mailchimp refuses the move (Member Exists): the old member is archived, the unsubscribe reaches the new one', async () => {
    const kim = await subscribed('kim@example.com', ['newsletter'])
    mc.seedMember({ email_address: 'kim.new@example.com', status: 'subscribed' }, true)
    const moved = await api('POST', '/contacts/kim%40example.com/address', {
      email: 'kim.new@example.com',
    })
    expect(moved.status).toBe(200)
    await setLists(t, { ...kim, email: 'kim.new@example.com' }, { newsletter: 'unsubscribed' })
    await drainMailchimp(t.deps)
    expect(mc.requests('PATCH', `/members/${subscriberHash('kim@example.com')}`)[0]!.status).toBe(
      400,
    )
    expect((await outboxRows(t)).filter((row) => row.failed_at !== null)).toHaveLength(0)
    expect(mc.member('kim@example.com')!.status).toBe('archived')
    expect(mc.member('kim.new@example.com')!.status).toBe('unsubscribed')
  })
})

describe('2. group names with commas', () => {
  it('an escaped comma stays inside its name, and no fragment is read as another list', async () => {
    await t.deps.db
      .updateTable('lists')
      .set({ name: 'Offers, deals' })
      .where('id', '=', 'newsletter')
      .execute()
    await t.deps.db
      .updateTable('lists')
      .set({ name: 'deals' })
      .where('id', '=', 'webinars')
      .execute()
    await subscribed('oli@example.com', ['newsletter'])
    expect(mc.audience.categories[0]!.interests.map((i) => i.name)).toContain('Offers, deals')
    const body = mc.person.updatesProfile('oli@example.com', ['Offers, deals'], firedAt())
    expect(new URLSearchParams(body).get('data[merges][GROUPINGS][1][groups]')).toBe(
      'Offers\\, deals',
    )
    expect((await hook(body)).status).toBe(200)
    expect(await subscriptionsOf(t, 'oli@example.com')).toEqual({ newsletter: 'subscribed' })
    expect(await mailchimpLedger('oli@example.com')).toHaveLength(0)
  })
})

describe('a profile save that unticks every group', () => {
  it('leaves every list here, and Mailchimp is told the member is unsubscribed', async () => {
    // Mailchimp keeps the member `subscribed` with no group ticked (a profile event carries no
    // status): they would still get every campaign sent to the whole audience.
    await subscribed('una@example.com', ['newsletter', 'webinars'])
    const res = await hook(mc.person.updatesProfile('una@example.com', [], firedAt()))
    expect(res.status).toBe(200)
    expect(await subscriptionsOf(t, 'una@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
    })
    expect(mc.member('una@example.com')!.status).toBe('subscribed')
    await drainMailchimp(t.deps)
    expect(mc.member('una@example.com')!.status).toBe('unsubscribed')
  })

  it('a paused list counts as left: unticking the rest sends the member back unsubscribed (a review)', async () => {
    const wim = await subscribed('wim@example.com', ['newsletter', 'webinars'])
    const { pauseList } = await import('../../src/domain/subscription/pause.js')
    await pauseList(t.deps, wim, 'newsletter', 1, { ip: null, userAgent: null })
    await drainMailchimp(t.deps)
    await hook(mc.person.updatesProfile('wim@example.com', [], firedAt()))
    await drainMailchimp(t.deps)
    expect(mc.member('wim@example.com')!.status).toBe('unsubscribed')
  })

  it('a group unticked while another stays ticked sends nothing back', async () => {
    await subscribed('vic@example.com', ['newsletter', 'webinars'])
    const puts = mc.requests('PUT', '/members/').length
    await hook(mc.person.updatesProfile('vic@example.com', ['Webinars'], firedAt()))
    expect(await subscriptionsOf(t, 'vic@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
    })
    await drainMailchimp(t.deps)
    expect(mc.requests('PUT', '/members/')).toHaveLength(puts)
  })
})

describe('3. a profile event never re-subscribes someone who left', () => {
  it('stale ticks of a member who left every list change nothing and write no consent', async () => {
    const pia = await subscribed('pia@example.com', ['newsletter', 'webinars'])
    await setLists(t, pia, { newsletter: 'unsubscribed', webinars: 'unsubscribed' }, 'one_click')
    await drainMailchimp(t.deps)
    const res = await hook(
      mc.person.updatesProfile('pia@example.com', ['Newsletter', 'Webinars'], firedAt()),
    )
    expect(res.status).toBe(200)
    expect(await subscriptionsOf(t, 'pia@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
    })
    expect(
      (await mailchimpLedger('pia@example.com')).filter((e) => e.to_status === 'subscribed'),
    ).toEqual([])
  })

  it('a group ticked by a member still subscribed is a real choice, with its source and time', async () => {
    await subscribed('raf@example.com', ['newsletter'])
    const at = firedAt(120)
    expect(
      (await hook(mc.person.updatesProfile('raf@example.com', ['Newsletter', 'Webinars'], at)))
        .status,
    ).toBe(200)
    expect(await subscriptionsOf(t, 'raf@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    const [event] = await mailchimpLedger('raf@example.com')
    expect(event).toMatchObject({
      list_id: 'webinars',
      to_status: 'subscribed',
      source: 'mailchimp',
      occurred_at: Math.floor(at.getTime() / 1000) * 1000,
    })
  })
})

describe('4. re-subscribing after a Mailchimp-side unsubscribe', () => {
  it('goes out as pending, shows as awaiting_mailchimp_confirmation, and the page tells the person', async () => {
    const sam = await subscribed('sam@example.com', ['newsletter'])
    expect((await hook(mc.person.unsubscribes('sam@example.com', 'unsub', firedAt()))).status).toBe(
      200,
    )
    expect(await subscriptionsOf(t, 'sam@example.com')).toEqual({ newsletter: 'unsubscribed' })
    t.clock.advance(10 * 60_000)
    await setLists(t, sam, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    const puts = mc.requests('PUT', `/members/${subscriberHash('sam@example.com')}`)
    expect(puts.map((put) => [put.body.status, put.status]).slice(-2)).toEqual([
      ['subscribed', 400],
      ['pending', 200],
    ])
    expect(mc.member('sam@example.com')!.status).toBe('pending')
    expect((await outboxRows(t)).every((row) => row.done_at !== null)).toBe(true)

    const status = await (await api('GET', '/sync')).json()
    expect(status.awaitingMailchimpConfirmation).toMatchObject({
      count: 1,
      contacts: [{ contactId: sam.id, state: 'awaiting_mailchimp_confirmation' }],
    })
    const page = await t.app.request(
      new URL(
        await preferencesUrl(t.deps, (await findContactByEmail(t.deps.db, 'sam@example.com'))!),
      ).pathname,
    )
    expect(await page.text()).toContain('Mailchimp, which sends our emails, will email you')

    // The person confirms Mailchimp's mail: Mailchimp says subscribe, the waiting state goes.
    expect((await hook(mc.person.confirms('sam@example.com', firedAt(600)))).status).toBe(200)
    expect((await (await api('GET', '/sync')).json()).awaitingMailchimpConfirmation.count).toBe(0)
    expect(
      await (
        await t.app.request(
          new URL(
            await preferencesUrl(t.deps, (await findContactByEmail(t.deps.db, 'sam@example.com'))!),
          ).pathname,
        )
      ).text(),
    ).not.toContain('will email you')
  })

  it('a wait Mailchimp no longer holds never swallows a re-subscribe (webhooks lost or not)', async () => {
    // A review: with the wait left over, a re-subscribe went without a status, Mailchimp kept
    // the member unsubscribed, no opt-in mail went, and the next reconcile undid it here.
    const sam = await subscribed('sam@example.com', ['newsletter'])
    await hook(mc.person.unsubscribes('sam@example.com', 'unsub', firedAt()))
    t.clock.advance(10 * 60_000)
    await setLists(t, sam, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.optInMails('sam@example.com')).toBe(1)
    // Sam confirms Mailchimp's mail, then leaves again there: both webhooks are lost.
    mc.person.confirms('sam@example.com', firedAt(600))
    mc.person.unsubscribes('sam@example.com', 'unsub', firedAt(700))
    t.clock.advance(20 * 60_000)
    await setLists(t, sam, { webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('sam@example.com')!.status).toBe('pending')
    expect(mc.optInMails('sam@example.com')).toBe(2)
    expect((await (await api('GET', '/sync')).json()).awaitingMailchimpConfirmation.count).toBe(1)

    // This time the leaving webhook arrives: the wait ends with it, and re-subscribing asks again.
    mc.person.confirms('sam@example.com', firedAt(1800))
    t.clock.advance(20 * 60_000)
    await hook(mc.person.unsubscribes('sam@example.com', 'unsub', firedAt(60)))
    expect((await (await api('GET', '/sync')).json()).awaitingMailchimpConfirmation.count).toBe(0)
    t.clock.advance(20 * 60_000)
    await setLists(t, sam, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('sam@example.com')!.status).toBe('pending')
    expect(mc.optInMails('sam@example.com')).toBe(3)
    await reconcile(t.deps)
    expect(await subscriptionsOf(t, 'sam@example.com')).toMatchObject({ newsletter: 'subscribed' })
  })

  it('confirmed in Mailchimp with no webhook: the next reconcile ends the waiting', async () => {
    const sam = await subscribed('sam@example.com', ['newsletter'])
    await hook(mc.person.unsubscribes('sam@example.com', 'unsub', firedAt()))
    t.clock.advance(10 * 60_000)
    await setLists(t, sam, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect((await (await api('GET', '/sync')).json()).awaitingMailchimpConfirmation.count).toBe(1)
    mc.person.confirms('sam@example.com', firedAt(600)) // its webhook is lost
    await reconcile(t.deps, { dryRun: true })
    expect((await (await api('GET', '/sync')).json()).awaitingMailchimpConfirmation.count).toBe(1)
    await reconcile(t.deps)
    expect((await (await api('GET', '/sync')).json()).awaitingMailchimpConfirmation.count).toBe(0)
    expect(mc.member('sam@example.com')!.status).toBe('subscribed')
  })

  it('a bounced (cleaned) member who re-opted in here is sent as pending too', async () => {
    const ula = await subscribed('ula@example.com', ['newsletter'])
    await hook(mc.person.bounces('ula@example.com', 'hard', firedAt()))
    expect((await findContactByEmail(t.deps.db, 'ula@example.com'))!.status).toBe('cleaned')
    // A new confirmed opt-in here makes the contact active again (the public flow does so).
    await t.deps.db
      .updateTable('contacts')
      .set({ status: 'active' })
      .where('id', '=', ula.id)
      .execute()
    await setLists(t, ula, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('ula@example.com')!.status).toBe('pending')
  })

  it('while Mailchimp waits for the person, later changes reach it without mailing its opt-in again', async () => {
    const sam = await subscribed('sam@example.com', ['newsletter'])
    await hook(mc.person.unsubscribes('sam@example.com', 'unsub', firedAt()))
    t.clock.advance(10 * 60_000)
    await setLists(t, sam, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('sam@example.com')!.status).toBe('pending')
    expect(mc.optInMails('sam@example.com')).toBe(1)

    // Before confirming Mailchimp's mail, the person adds a list here: one round, one batch round.
    t.clock.advance(60_000)
    await setLists(t, sam, { webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    await makeSubscribedMany(t, 25, 'crowd') // 25 others waiting: the round goes in batches
    t.clock.advance(60_000)
    await setLists(t, sam, { newsletter: 'unsubscribed' })
    await drainMailchimp(t.deps)

    expect(mc.optInMails('sam@example.com')).toBe(1)
    const member = mc.member('sam@example.com')!
    expect(member.status).toBe('pending')
    const webinars = mc.audience.categories[0]!.interests.find((i) => i.name === 'Webinars')!
    const newsletter = mc.audience.categories[0]!.interests.find((i) => i.name === 'Newsletter')!
    expect(member.interests).toMatchObject({ [webinars.id]: true, [newsletter.id]: false })
    expect((await (await api('GET', '/sync')).json()).awaitingMailchimpConfirmation.count).toBe(1)
    expect((await outboxRows(t)).every((row) => row.done_at !== null)).toBe(true)
    const batches = mc.requests('POST', `/lists/${mc.audienceId}`)
    expect(batches.length).toBeGreaterThan(0)
    expect(batches.map((call) => call.status)).toEqual(batches.map(() => 200))

    // Leaving every list here unsubscribes the member in Mailchimp, waiting or not.
    await setLists(t, sam, { webinars: 'unsubscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('sam@example.com')!.status).toBe('unsubscribed')
    expect((await (await api('GET', '/sync')).json()).awaitingMailchimpConfirmation.count).toBe(0)
    expect(mc.optInMails('sam@example.com')).toBe(1)
  })

  it('a temporary 400 (signed up to a lot of lists recently) is retried with backoff, not failed', async () => {
    const vic = await makeContact(t, 'vic@example.com')
    mc.throttleSignups('vic@example.com', 1)
    await setLists(t, vic, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    const [row] = await outboxRows(t)
    expect(row!.failed_at).toBeNull()
    expect(row!.attempts).toBe(1)
    expect(row!.available_at).toBeGreaterThan(t.deps.now())
    t.clock.advance(60 * 60_000)
    await drainMailchimp(t.deps)
    expect(mc.member('vic@example.com')!.status).toBe('subscribed')
  })
})

describe('5. a sign-up through a Mailchimp hosted form', () => {
  it("keeps Mailchimp's proof of the opt-in: where the person confirmed it (data[ip_opt])", async () => {
    await subscribed('someone@example.com', ['newsletter']) // provisions the category
    const res = await hook(mc.person.signsUp('ivy@example.com', ['Newsletter'], firedAt()))
    expect(res.status).toBe(200)
    const events = await mailchimpLedger('ivy@example.com')
    expect(events.map((event) => [event.list_id, event.to_status, event.ip])).toEqual([
      ['newsletter', 'subscribed', '98.128.229.135'],
    ])
  })

  it('with no group ticked subscribes the public lists and pushes PREFSURL back', async () => {
    await subscribed('someone@example.com', ['newsletter']) // provisions the category
    const res = await hook(mc.person.signsUp('wyn@example.com', [], firedAt()))
    expect(res.status).toBe(200)
    const lists = await subscriptionsOf(t, 'wyn@example.com')
    expect(Object.values(lists).length).toBeGreaterThan(0)
    const publicLists = await t.deps.db
      .selectFrom('lists')
      .select('id')
      .where('public', '=', 1)
      .where('synced', '=', 1)
      .execute()
    expect(Object.keys(lists).sort()).toEqual(publicLists.map((list) => list.id).sort())
    await drainMailchimp(t.deps)
    expect(String(mc.member('wyn@example.com')!.merge_fields.PREFSURL)).toMatch(/\/preferences\//)
  })
})

describe('6. our category is found by its id', () => {
  it('renamed in Mailchimp: still read by unique_id', async () => {
    await subscribed('xia@example.com', ['newsletter', 'webinars'])
    mc.audience.categories[0]!.title = 'Our newsletters'
    const body = webhookBody(profileSeveralCategories, {
      email: 'xia@example.com',
      fired_at: '2026-11-22 12:10:00',
      category_id: mc.audience.categories[0]!.id,
      category_name: 'Our newsletters',
      groups: 'Webinars',
      other_groups: 'Design',
      interests: 'Design, Webinars',
    })
    expect((await hook(body)).status).toBe(200)
    expect(await subscriptionsOf(t, 'xia@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
    })
  })

  it('gone from the payload: nothing changes (no mass unsubscribe), and the answer says why', async () => {
    await subscribed('yan@example.com', ['newsletter', 'webinars'])
    const body = webhookBody(profileSeveralCategories, {
      email: 'yan@example.com',
      fired_at: '2026-11-22 12:10:00',
      category_id: 'deleted0001',
      groups: '',
      other_groups: 'Design',
      interests: 'Design',
    })
    const res = await hook(body)
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ignored', reason: 'category not found' })
    expect(await subscriptionsOf(t, 'yan@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
  })
})

describe('7. audiences with required merge fields, and the 60-interest limit', () => {
  it('a new member is accepted although FNAME is required (skip_merge_validation)', async () => {
    mc.requireMergeField('FNAME')
    const zed = await makeContact(t, 'zed@example.com')
    await setLists(t, zed, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('zed@example.com')!.status).toBe('subscribed')
    expect(mc.requests('PUT', '/members/')[0]!.query.skip_merge_validation).toBe('true')
  })

  it('lists beyond 60 interests sync without one, and GET /api/v1/sync says so', async () => {
    const now = t.deps.now()
    for (let i = 0; i < 60; i++)
      await t.deps.db
        .insertInto('lists')
        .values({
          id: `extra-${String(i).padStart(2, '0')}`,
          name: `Extra ${i}`,
          description: 'd',
          legal_basis: 'consent',
          public: 0,
          double_opt_in: 1,
          cancels_account: 0,
          synced: 1,
          archived: 0,
          position: 100 + i,
          created_at: now,
          updated_at: now,
        })
        .execute()
    await subscribed('amy@example.com', ['newsletter'])
    const interests = mc.audience.categories[0]!.interests
    expect(interests).toHaveLength(60)
    expect(mc.member('amy@example.com')!.status).toBe('subscribed')
    const status = await (await api('GET', '/sync')).json()
    expect(status.failures.count).toBe(0)
    expect(status.warnings).toHaveLength(1)
    expect(status.warnings[0].code).toBe('interest_limit')
    expect(status.warnings[0].lists).toHaveLength(4)
    expect(status.warnings[0].message).toContain('at most 60 interests')
  })
})

describe('groups of another category count toward the 60', () => {
  it('the lists left without a group are said so, not asked for again, and a profile save never unsubscribes them', async () => {
    // Someone else's category already holds 58 of the audience's 60 groups.
    mc.audience.categories.push({
      id: 'topics',
      title: 'Topics',
      type: 'checkboxes',
      interests: Array.from({ length: 58 }, (_, i) => ({ id: `topic-${i}`, name: `Topic ${i}` })),
    })
    await subscribed('amy@example.com', ['newsletter', 'webinars'])
    const ours = mc.audience.categories.find((category) => category.title === 'Prefcenter lists')!
    // Newsletter and Technical advisories (the first two by position) got the last two groups;
    // no group was asked for that Mailchimp would refuse.
    expect(ours.interests.map((interest) => interest.name)).toEqual([
      'Newsletter',
      'Technical advisories',
    ])
    const asked = () =>
      mc.requests('POST', '/interest-categories').filter((r) => r.path.endsWith('/interests'))
    expect(asked()).toHaveLength(2)
    const status = await (await api('GET', '/sync')).json()
    expect(status.warnings.map((warning: { lists: string[] }) => warning.lists)).toEqual([
      ['call-reports', 'webinars'],
    ])
    // The next change goes out without asking Mailchimp for groups again.
    const before = mc.log.length
    await setLists(t, (await findContactByEmail(t.deps.db, 'amy@example.com'))!, {
      newsletter: 'unsubscribed',
    })
    await drainMailchimp(t.deps)
    expect(mc.log.slice(before).map((r) => r.method)).toEqual(['PUT'])
    await setLists(t, (await findContactByEmail(t.deps.db, 'amy@example.com'))!, {
      newsletter: 'subscribed',
    })
    await drainMailchimp(t.deps)
    // She saves Mailchimp's profile form with Newsletter ticked: Webinars has no group there,
    // so its absence from the payload is no opt-out.
    const res = await hook(
      webhookBody(profileSeveralCategories, {
        email: 'amy@example.com',
        fired_at: firedAt().toISOString().slice(0, 19).replace('T', ' '),
        list_id: mc.audienceId,
        category_id: ours.id,
        groups: 'Newsletter',
        other_groups: 'Topic 3',
        interests: 'Topic 3, Newsletter',
      }),
    )
    expect(res.status).toBe(200)
    expect(await subscriptionsOf(t, 'amy@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
  })
})

describe('an upemail', () => {
  const prefsPath = (email: string) =>
    new URL(String(mc.member(email)!.merge_fields.PREFSURL)).pathname

  it('refreshes PREFSURL: the link Mailchimp holds opens the preferences page again', async () => {
    await subscribed('ulla@example.com', ['newsletter'])
    expect((await t.app.request(prefsPath('ulla@example.com'))).status).toBe(200)
    const res = await hook(
      mc.person.changesAddress('ulla@example.com', 'ulla@elsewhere.example', firedAt()),
    )
    expect(res.status).toBe(200)
    // The address moved, so links sent to the old one answer 410, this one included...
    expect((await t.app.request(prefsPath('ulla@elsewhere.example'))).status).toBe(410)
    // ...until the member is sent again with a link for the address it holds now.
    await drainMailchimp(t.deps)
    const page = await t.app.request(prefsPath('ulla@elsewhere.example'))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('ulla@elsewhere.example')
  })

  it("onto an address another contact holds: the member gets that contact's link", async () => {
    await subscribed('vera@example.com', ['newsletter'])
    await subscribed('vera@work.example', ['webinars'])
    // Mailchimp moves the first member onto the second's address (it holds just one now).
    mc.audience.members.delete(subscriberHash('vera@work.example'))
    await hook(mc.person.changesAddress('vera@example.com', 'vera@work.example', firedAt()))
    await drainMailchimp(t.deps)
    const page = await t.app.request(prefsPath('vera@work.example'))
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('vera@work.example')
  })
})

describe('8. an upemail onto an erased address', () => {
  it('is refused: the address does not come back, and Mailchimp forgets it again', async () => {
    await subscribed('bea@example.com', ['newsletter'])
    await subscribed('gone@example.com', ['newsletter'])
    expect((await api('DELETE', '/contacts/gone%40example.com')).status).toBe(200)
    await drainMailchimp(t.deps)
    expect(mc.member('gone@example.com')).toBeUndefined()
    const res = await hook(
      mc.person.changesAddress('bea@example.com', 'gone@example.com', firedAt()),
    )
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ status: 'ignored', reason: 'suppressed' })
    expect(await findContactByEmail(t.deps.db, 'gone@example.com')).toBeUndefined()
    expect(await findContactByEmail(t.deps.db, 'bea@example.com')).toBeDefined()
    await drainMailchimp(t.deps)
    expect(mc.member('gone@example.com')).toBeUndefined()
    expect(mc.member('bea@example.com')!.status).toBe('subscribed')
  })
})
