import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import { findContactByEmail } from '../../src/repos/contacts.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'
import { makeContact, outboxRows, setLists, subscriptionsOf } from './helpers.js'

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

const auth = { authorization: `Bearer ${ADMIN_TOKEN}` }
const later = () => new Date(t.deps.now() + 60_000).toISOString()

async function reconcileOverHttp() {
  const res = await t.app.request('/api/v1/sync/reconcile', { method: 'POST', headers: auth })
  expect(res.status).toBe(200)
  return res.json()
}

describe('reconcile', () => {
  it('applies opt-outs and bounces recorded in Mailchimp, pushes consent only Prefcenter has, reports by id', async () => {
    const people = await Promise.all(
      ['opt@example.com', 'bounce@example.com', 'missing@example.com', 'same@example.com'].map(
        (email) => makeContact(t, email),
      ),
    )
    for (const person of people) await setLists(t, person, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    // Changed in Mailchimp while its webhooks were lost, after Prefcenter's last change:
    mc.member('opt@example.com')!.status = 'unsubscribed'
    mc.member('opt@example.com')!.last_changed = later()
    mc.member('bounce@example.com')!.status = 'cleaned'
    mc.member('bounce@example.com')!.last_changed = later()
    mc.audience.members.delete(
      [...mc.audience.members.entries()].find(
        ([, m]) => m.email_address === 'missing@example.com',
      )![0],
    )
    mc.seedMember({ email_address: 'stranger@example.com' })

    const report = await reconcileOverHttp()
    expect(report.audienceMembers).toBe(4)
    expect(report.unknownInMailchimp).toBe(1)
    expect(report.inSync).toBe(1)
    const [opt, bounce, missing] = people
    expect(report.appliedFromMailchimp).toEqual(
      expect.arrayContaining([
        {
          contactId: opt!.id,
          mailchimpStatus: 'unsubscribed',
          lists: ['newsletter'],
          cleaned: false,
        },
        { contactId: bounce!.id, mailchimpStatus: 'cleaned', lists: ['newsletter'], cleaned: true },
      ]),
    )
    expect(report.pushed).toEqual([{ contactId: missing!.id, reason: 'missing_in_mailchimp' }])
    expect(JSON.stringify(report)).not.toContain('@')

    expect(await subscriptionsOf(t, 'opt@example.com')).toEqual({ newsletter: 'unsubscribed' })
    expect((await findContactByEmail(t.deps.db, 'bounce@example.com'))!.status).toBe('cleaned')
    await drainMailchimp(t.deps)
    expect(mc.member('missing@example.com')!.status).toBe('subscribed')
    // The Mailchimp-side opt-outs were not echoed back.
    expect(mc.member('opt@example.com')!.status).toBe('unsubscribed')
  })

  it('a later Prefcenter decision wins over an older Mailchimp state, and differing interests are pushed', async () => {
    const ray = await makeContact(t, 'ray@example.com')
    await setLists(t, ray, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    mc.member('ray@example.com')!.status = 'unsubscribed'
    mc.member('ray@example.com')!.last_changed = new Date(t.deps.now() - 3_600_000).toISOString()
    const sue = await makeContact(t, 'sue@example.com')
    await setLists(t, sue, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    for (const id of Object.keys(mc.member('sue@example.com')!.interests))
      mc.member('sue@example.com')!.interests[id] = true
    const report = await reconcileOverHttp()
    expect(report.pushed).toEqual(
      expect.arrayContaining([
        { contactId: ray.id, reason: 'newer_in_prefcenter' },
        { contactId: sue.id, reason: 'interests_differ' },
      ]),
    )
    expect(await subscriptionsOf(t, 'ray@example.com')).toEqual({ newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('ray@example.com')!.status).toBe('subscribed')
    expect(Object.values(mc.member('sue@example.com')!.interests).filter(Boolean)).toHaveLength(1)
  })

  it('skips contacts with a change still waiting, and needs a write credential', async () => {
    const val = await makeContact(t, 'val@example.com')
    await setLists(t, val, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    mc.member('val@example.com')!.status = 'unsubscribed'
    mc.member('val@example.com')!.last_changed = later()
    await setLists(t, val, { webinars: 'subscribed' })
    expect((await outboxRows(t)).some((row) => row.done_at === null)).toBe(true)
    const report = await reconcileOverHttp()
    expect(report.skippedInFlight).toBe(1)
    expect(await subscriptionsOf(t, 'val@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    expect((await t.app.request('/api/v1/sync/reconcile', { method: 'POST' })).status).toBe(401)
  })
})

describe('reconcile of archived members', () => {
  it('puts back a member archived in Mailchimp while Prefcenter holds consent', async () => {
    const abe = await makeContact(t, 'abe@example.com')
    await setLists(t, abe, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    mc.member('abe@example.com')!.status = 'archived'
    const report = await reconcileOverHttp()
    expect(report.pushed).toEqual([{ contactId: abe.id, reason: 'status_differs' }])
    await drainMailchimp(t.deps)
    expect(mc.member('abe@example.com')!.status).toBe('subscribed')
  })
})

describe('GET /api/v1/sync', () => {
  it('shows queue depth, oldest waiting change, and last success', async () => {
    const wes = await makeContact(t, 'wes@example.com')
    await setLists(t, wes, { newsletter: 'subscribed' })
    t.clock.advance(5_000)
    let body = await (await t.app.request('/api/v1/sync', { headers: auth })).json()
    expect(body.queue).toMatchObject({ depth: 1, oldestWaitingAgeMs: 5_000 })
    expect(body.lastSuccessAt).toBeNull()
    await drainMailchimp(t.deps)
    body = await (await t.app.request('/api/v1/sync', { headers: auth })).json()
    expect(body.queue.depth).toBe(0)
    expect(body.lastSuccessAt).toBe(new Date(t.deps.now()).toISOString())
    expect((await t.app.request('/api/v1/sync')).status).toBe(401)
  })

  it('is described in the OpenAPI document', async () => {
    const doc = await (await t.app.request('/api/v1/openapi.json')).json()
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/sync', '/sync/reconcile']))
  })

  it('reconcile answers 503 when Mailchimp is down, and changes nothing', async () => {
    mc.down = true
    const res = await t.app.request('/api/v1/sync/reconcile', { method: 'POST', headers: auth })
    expect(res.status).toBe(503)
    expect((await res.json()).error.code).toBe('unavailable')
  })
})

describe('reconcile finds members whose address drifted', () => {
  it('reports a member at an address no contact holds, archives it once a duplicate, deletes it once its contact is erased', async () => {
    const xan = await makeContact(t, 'xan@example.com')
    await setLists(t, xan, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    // Mailchimp's upemail never arrived: the member (with xan's PREFSURL) is at another address.
    mc.person.changesAddress('xan@example.com', 'xan.elsewhere@example.com')
    const first = await reconcileOverHttp()
    expect(first.addressDrift).toEqual([
      { contactId: xan.id, mailchimpStatus: 'subscribed', outcome: 'not_repaired' },
    ])
    expect(first.unknownInMailchimp).toBe(0)
    await drainMailchimp(t.deps) // the push of xan's own address (missing in Mailchimp)
    expect(mc.member('xan@example.com')!.status).toBe('subscribed')

    // Now two members mail one person: the one at the drifted address is archived.
    const second = await reconcileOverHttp()
    expect(second.addressDrift).toEqual([
      { contactId: xan.id, mailchimpStatus: 'subscribed', outcome: 'archived_duplicate' },
    ])
    expect(mc.member('xan.elsewhere@example.com')!.status).toBe('archived')

    const erased = await t.app.request('/api/v1/contacts/xan%40example.com', {
      method: 'DELETE',
      headers: auth,
    })
    expect(erased.status).toBe(200)
    await drainMailchimp(t.deps)
    const third = await reconcileOverHttp()
    expect(third.addressDrift).toEqual([
      { contactId: xan.id, mailchimpStatus: 'archived', outcome: 'deleted_erased' },
    ])
    expect(mc.member('xan.elsewhere@example.com')).toBeUndefined()
    expect(JSON.stringify(third)).not.toContain('@')
  })
})
