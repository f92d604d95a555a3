import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import { claimDue } from '../../src/repos/outbox.js'
import { subscriberHash } from '../../src/mailchimp/subscriber-hash.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'
import { makeContact, outboxRows, setLists } from './helpers.js'

let mc: FakeMailchimpServer
let t: TestApp

beforeEach(async () => {
  mc = await startFakeMailchimp()
  t = await createTestApp(mc.env())
})
afterEach(async () => {
  await t.close()
  await mc.close()
})

const interestIdOf = (name: string) =>
  mc.audience.categories[0]!.interests.find((i) => i.name === name)!.id

describe('outbound sync', () => {
  it('sends a member after confirmation: status, interests, PREFSURL, language', async () => {
    const ada = await makeContact(t, 'ada@example.com', { locale: 'fi' })
    await setLists(t, ada, { newsletter: 'subscribed', webinars: 'subscribed' })
    const summary = await drainMailchimp(t.deps)
    expect(summary.sent).toBe(1)
    const member = mc.member('ada@example.com')!
    expect(member.status).toBe('subscribed')
    expect(member.language).toBe('fi')
    expect(member.interests).toEqual({
      [interestIdOf('Newsletter')]: true,
      [interestIdOf('Webinars')]: true,
      [interestIdOf('Technical advisories')]: false,
      [interestIdOf('Call reports')]: false,
    })
    expect(String(member.merge_fields.PREFSURL)).toMatch(
      /^http:\/\/prefcenter\.test\/preferences\/[\w.-]+$/,
    )
    const put = mc.requests('PUT', `/members/${subscriberHash('ada@example.com')}`)
    expect(put).toHaveLength(1)
    expect(put[0]!.body.status_if_new).toBe('subscribed')
    expect((await outboxRows(t)).every((row) => row.done_at !== null)).toBe(true)
  })

  it('sends unsubscribed once no synced list is subscribed, keeping interests per list', async () => {
    const bob = await makeContact(t, 'bob@example.com')
    await setLists(t, bob, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    await setLists(t, bob, { newsletter: 'unsubscribed' }, 'one_click')
    await drainMailchimp(t.deps)
    const member = mc.member('bob@example.com')!
    expect(member.status).toBe('unsubscribed')
    expect(member.interests[interestIdOf('Newsletter')]).toBe(false)
  })

  it('updates interests when one list of several is left', async () => {
    const cy = await makeContact(t, 'cy@example.com')
    await setLists(t, cy, { newsletter: 'subscribed', webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    await setLists(t, cy, { webinars: 'unsubscribed' }, 'preferences')
    await drainMailchimp(t.deps)
    const member = mc.member('cy@example.com')!
    expect(member.status).toBe('subscribed')
    expect(member.interests[interestIdOf('Newsletter')]).toBe(true)
    expect(member.interests[interestIdOf('Webinars')]).toBe(false)
  })

  it('never sends a contact that has not confirmed anything', async () => {
    const dee = await makeContact(t, 'dee@example.com')
    await setLists(t, dee, { newsletter: 'pending' }, 'form')
    // Pending-only changes are not even enqueued; force a row to prove the drain also refuses.
    await t.deps.db
      .insertInto('outbox')
      .values({
        id: 'x1',
        topic: 'mailchimp',
        contact_id: dee.id,
        payload: JSON.stringify({ type: 'member.sync', contactId: dee.id }),
        created_at: t.deps.now(),
        available_at: t.deps.now(),
      })
      .execute()
    const summary = await drainMailchimp(t.deps)
    expect(summary.skipped).toBe(1)
    expect(mc.member('dee@example.com')).toBeUndefined()
    expect(mc.requests('PUT')).toHaveLength(0)
  })

  it('does not send cleaned contacts, nor restricted ones that never confirmed', async () => {
    const fay = await makeContact(t, 'fay@example.com')
    await setLists(t, fay, { newsletter: 'subscribed' })
    await t.deps.db
      .updateTable('contacts')
      .set({ status: 'cleaned' })
      .where('id', '=', fay.id)
      .execute()
    const ivy = await makeContact(t, 'ivy@example.com', { restricted: 1 })
    await setLists(t, ivy, { newsletter: 'pending' }, 'form')
    await t.deps.db
      .insertInto('outbox')
      .values({
        id: 'x2',
        topic: 'mailchimp',
        contact_id: ivy.id,
        payload: JSON.stringify({ type: 'member.sync', contactId: ivy.id }),
        created_at: t.deps.now(),
        available_at: t.deps.now(),
      })
      .execute()
    const summary = await drainMailchimp(t.deps)
    expect(summary.skipped).toBe(2)
    expect(mc.requests('PUT')).toHaveLength(0)
  })

  it('stops Mailchimp mail to a restricted contact and restores it when the restriction is lifted', async () => {
    const eve = await makeContact(t, 'eve@example.com')
    await setLists(t, eve, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('eve@example.com')!.status).toBe('subscribed')
    const restrict = (restricted: boolean) =>
      t.app.request('/api/v1/contacts/eve%40example.com/restriction', {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ restricted }),
      })
    expect((await restrict(true)).status).toBe(200)
    await drainMailchimp(t.deps)
    const stopped = mc.member('eve@example.com')!
    expect(stopped.status).toBe('unsubscribed')
    expect(Object.values(stopped.interests).every((on) => on === false)).toBe(true)
    // Prefcenter keeps the person's choices while processing is restricted.
    const row = await t.deps.db
      .selectFrom('subscriptions')
      .select('status')
      .where('contact_id', '=', eve.id)
      .where('list_id', '=', 'newsletter')
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('subscribed')
    expect((await restrict(false)).status).toBe(200)
    await drainMailchimp(t.deps)
    expect(mc.member('eve@example.com')!.status).toBe('subscribed')
    expect(mc.member('eve@example.com')!.interests[interestIdOf('Newsletter')]).toBe(true)
  })

  it('moves the member to the new address when the address changes, instead of adding a second one', async () => {
    const kim = await makeContact(t, 'kim@example.com')
    await setLists(t, kim, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    const res = await t.app.request('/api/v1/contacts/kim%40example.com/address', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'kim.new@example.com' }),
    })
    expect(res.status).toBe(200)
    await drainMailchimp(t.deps)
    expect(mc.member('kim@example.com')).toBeUndefined()
    const moved = mc.member('kim.new@example.com')!
    expect(moved.status).toBe('subscribed')
    expect(moved.interests[interestIdOf('Newsletter')]).toBe(true)
    expect(mc.requests('PATCH', `/members/${subscriberHash('kim@example.com')}`)).toHaveLength(1)
    expect((await outboxRows(t)).every((row) => row.done_at !== null)).toBe(true)
  })

  it('sends nothing when the address of a contact that never confirmed changes', async () => {
    // Found by a black-box review: the move went out as a PATCH with the new address.
    const jo = await makeContact(t, 'jo@example.com')
    await setLists(t, jo, { newsletter: 'pending' })
    await drainMailchimp(t.deps)
    const res = await t.app.request('/api/v1/contacts/jo%40example.com/address', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'jo.new@example.com' }),
    })
    expect(res.status).toBe(200)
    expect((await outboxRows(t)).some((row) => row.done_at === null)).toBe(true)
    await drainMailchimp(t.deps)
    expect(mc.requests('PATCH', '/members/')).toHaveLength(0)
    expect(mc.requests('PUT', '/members/')).toHaveLength(0)
    expect(mc.member('jo.new@example.com')).toBeUndefined()
    expect((await outboxRows(t)).every((row) => row.done_at !== null)).toBe(true)
  })

  it('never deletes the member of a contact left to another drainer whose address changed (found by a review)', async () => {
    const kit = await makeContact(t, 'kit@example.com')
    await setLists(t, kit, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    // Another instance is sending an older change of kit's: it holds that row.
    await setLists(t, kit, { webinars: 'subscribed' })
    const held = await claimDue(t.deps.db, {
      topic: 'mailchimp',
      claimToken: 'other-drainer',
      limit: 1,
      leaseMs: 60_000,
      nowMs: t.deps.now(),
    })
    expect(held).toHaveLength(1)
    const moved = await t.app.request('/api/v1/contacts/kit%40example.com/address', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'kit.new@example.com' }),
    })
    expect(moved.status).toBe(200)
    const ivy = await makeContact(t, 'ivy@example.com')
    await setLists(t, ivy, { newsletter: 'subscribed' })
    const summary = await drainMailchimp(t.deps, { maxRounds: 1 })
    expect(summary.deferred).toBeGreaterThan(0)
    expect(mc.requests('POST', '/delete-permanent')).toHaveLength(0)
    expect(mc.member('kit@example.com')?.status).toBe('subscribed')
    expect(mc.member('ivy@example.com')?.status).toBe('subscribed')
  })

  it('coalesces several changes of one contact into one call with the latest state', async () => {
    const gus = await makeContact(t, 'gus@example.com')
    await setLists(t, gus, { newsletter: 'subscribed' })
    await setLists(t, gus, { webinars: 'subscribed' })
    await setLists(t, gus, { newsletter: 'unsubscribed' }, 'one_click')
    expect(await outboxRows(t)).toHaveLength(3)
    await drainMailchimp(t.deps)
    expect(mc.requests('PUT', '/members/')).toHaveLength(1)
    const member = mc.member('gus@example.com')!
    expect(member.interests[interestIdOf('Newsletter')]).toBe(false)
    expect(member.interests[interestIdOf('Webinars')]).toBe(true)
    expect((await outboxRows(t)).every((row) => row.done_at !== null)).toBe(true)
  })

  it('provisions the category, interests and PREFSURL once, and finds existing ones', async () => {
    mc.audience.categories.push({
      id: 'pre1',
      title: 'Prefcenter lists',
      type: 'checkboxes',
      interests: [{ id: 'old-news', name: 'Newsletter' }],
    })
    const hal = await makeContact(t, 'hal@example.com')
    await setLists(t, hal, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    await setLists(t, hal, { webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.requests('POST', '/interest-categories')).toHaveLength(3) // 3 interests created, no category
    expect(mc.audience.categories).toHaveLength(1)
    expect(mc.audience.categories[0]!.interests.map((i) => i.name).sort()).toEqual([
      'Call reports',
      'Newsletter',
      'Technical advisories',
      'Webinars',
    ])
    expect(mc.member('hal@example.com')!.interests['old-news']).toBe(true)
    expect(mc.audience.mergeFields.filter((f) => f.tag === 'PREFSURL')).toHaveLength(1)
    expect(mc.requests('GET', '/interest-categories')).toHaveLength(2) // categories + interests, first pass only
  })

  it('keeps the interest of a renamed list', async () => {
    const ian = await makeContact(t, 'ian@example.com')
    await setLists(t, ian, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    const id = interestIdOf('Newsletter')
    await t.deps.db
      .updateTable('lists')
      .set({ name: 'Monthly letter' })
      .where('id', '=', 'newsletter')
      .execute()
    await setLists(t, ian, { webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.audience.categories[0]!.interests).toHaveLength(4)
    expect(mc.member('ian@example.com')!.interests[id]).toBe(true)
    // Same interest, new label.
    expect(mc.audience.categories[0]!.interests.find((interest) => interest.id === id)!.name).toBe(
      'Monthly letter',
    )
    expect(mc.requests('PATCH', `/interests/${id}`)).toHaveLength(1)
  })

  it('deletes permanently on erasure; a member already gone counts as done', async () => {
    const jo = await makeContact(t, 'jo@example.com')
    await setLists(t, jo, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    for (const hash of [subscriberHash('jo@example.com'), subscriberHash('never@example.com')]) {
      await t.deps.db
        .insertInto('outbox')
        .values({
          id: `del-${hash}`,
          topic: 'mailchimp',
          contact_id: null,
          payload: JSON.stringify({ type: 'member.delete_permanent', subscriberHash: hash }),
          created_at: t.deps.now(),
          available_at: t.deps.now(),
        })
        .execute()
    }
    const summary = await drainMailchimp(t.deps)
    expect(summary.deleted).toBe(2)
    expect(mc.member('jo@example.com')).toBeUndefined()
    expect(
      mc
        .requests('POST', '/actions/delete-permanent')
        .map((r) => r.status)
        .sort(),
    ).toEqual([204, 404])
    expect((await outboxRows(t)).every((row) => row.done_at !== null)).toBe(true)
  })

  it('still sends the status when Mailchimp refuses provisioning for good', async () => {
    mc.missingEndpoints.push('/interest-categories')
    const kit = await makeContact(t, 'kit@example.com')
    await setLists(t, kit, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    const put = mc.requests('PUT', '/members/')
    expect(put).toHaveLength(1)
    expect(put[0]!.body).toMatchObject({ status: 'subscribed', interests: {} })
    expect(String(put[0]!.body.merge_fields.PREFSURL)).toContain('/preferences/')
    expect(mc.member('kit@example.com')!.status).toBe('subscribed')
    // The refused step is not asked again on every pass.
    await setLists(t, kit, { webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.requests('GET', '/interest-categories')).toHaveLength(1)
    expect(mc.requests('PUT', '/members/')).toHaveLength(2)
  })

  it('leaves PREFSURL out when the merge field cannot be created', async () => {
    mc.missingEndpoints.push('/merge-fields')
    const lin = await makeContact(t, 'lin@example.com')
    await setLists(t, lin, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    const put = mc.requests('PUT', '/members/')
    expect(put[0]!.body.merge_fields).toEqual({})
    expect(mc.member('lin@example.com')!.interests[interestIdOf('Newsletter')]).toBe(true)
  })
})
