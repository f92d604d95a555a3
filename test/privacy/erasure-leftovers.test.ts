import { afterEach, describe, expect, it } from 'vitest'
import { checkImport } from '../../src/domain/admin/console-import.js'
import { pruneServed } from '../../src/domain/privacy/prune.js'
import { subscriberHash } from '../../src/mailchimp/subscriber-hash.js'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import { markAwaitingConfirmation } from '../../src/repos/mailchimp-members.js'
import { pruneDone } from '../../src/repos/outbox.js'
import { api, enc, evidence, seedContact } from '../admin/helpers.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// What a privacy review found outliving an erasure, each as the reviewer reproduced it.

const SECRET = 'hook-secret-0123456789'
let t: TestApp
let mc: FakeMailchimpServer | undefined
afterEach(async () => {
  await t?.close()
  await mc?.close()
  mc = undefined
})

const tableText = async (table: 'outbox' | 'admin_imports' | 'mailchimp_member_states') =>
  JSON.stringify(await t.deps.db.selectFrom(table).selectAll().execute()).toLowerCase()

describe('erasure leaves nothing behind', () => {
  it("no outbox row keeps the erased address's subscriber hash once delivered", async () => {
    mc = await startFakeMailchimp()
    t = await createTestApp(mc.env())
    await api(t, 'PUT', `/contacts/${enc('alice.victim@example.org')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent: evidence,
    })
    await drainMailchimp(t.deps)
    // An address change queues the old address's hash for Mailchimp's move.
    const moved = await api(t, 'POST', `/contacts/${enc('alice.victim@example.org')}/address`, {
      email: 'alice.new@example.org',
    })
    expect(moved.status).toBe(200)
    await drainMailchimp(t.deps)
    expect((await api(t, 'DELETE', `/contacts/${enc('alice.new@example.org')}`)).status).toBe(200)
    // Waiting for Mailchimp, the deletion needs the hash; delivered, nothing keeps it.
    expect(await tableText('outbox')).toContain(subscriberHash('alice.new@example.org'))
    await drainMailchimp(t.deps)
    expect(mc.member('alice.new@example.org')).toBeUndefined()
    const outbox = await tableText('outbox')
    expect(outbox).not.toContain(subscriberHash('alice.new@example.org'))
    expect(outbox).not.toContain(subscriberHash('alice.victim@example.org'))
  })

  it("consent evidence staff typed (wording, version, where) goes; the service's own wording stays", async () => {
    t = await createTestApp()
    const put = await api(t, 'PUT', `/contacts/${enc('ivan.i@example.org')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent: {
        source: 'phone call with Ivan Iivanov +48111222333',
        text: 'Ivan Iivanov said yes on the phone',
        version: 'Ivan-v1',
        timestamp: '2026-11-01T10:00:00Z',
      },
    })
    expect(put.status).toBe(200)
    // A sign-up through the form too: its wording is the service's own.
    await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ivan.i@example.org', lists: ['webinars'] }),
    })
    expect((await api(t, 'DELETE', `/contacts/${enc('ivan.i@example.org')}`)).status).toBe(200)
    const events = await t.deps.db.selectFrom('consent_events').selectAll().execute()
    expect(JSON.stringify(events)).not.toMatch(/iivanov|ivan-v1|48111222333/i)
    const signup = events.find((event) => event.source === 'form')!
    expect(signup.consent_text).toContain('By signing up I agree')
  })

  it('a Mailchimp waiting state goes with the contact', async () => {
    t = await createTestApp()
    const kate = await seedContact(t, 'kate@example.org')
    await markAwaitingConfirmation(t.deps.db, kate.id, t.deps.now())
    expect((await api(t, 'DELETE', `/contacts/${enc('kate@example.org')}`)).status).toBe(200)
    expect(await tableText('mailchimp_member_states')).toBe('[]')
  })

  it('a console upload checked but not applied that names the address goes with it', async () => {
    t = await createTestApp()
    await seedContact(t, 'carol.import@example.org')
    const csv = [
      'email,list,status,consent_source,consent_text,consent_at,consent_ip,name',
      'Carol.Import@Example.org,newsletter,subscribed,webform,I agree,2026-10-01T10:00:00Z,203.0.113.77,Carol Qqimport',
    ].join('\n')
    // Another person's file, one of whose addresses merely contains this one.
    const other =
      'email,list,status\nsomeone.else@example.org,call-reports,subscribed\nxcarol.import@example.org.uk,call-reports,subscribed\n'
    await checkImport(t.deps, 'admin', csv)
    await checkImport(t.deps, 'admin', other)
    expect((await api(t, 'DELETE', `/contacts/${enc('carol.import@example.org')}`)).status).toBe(
      200,
    )
    const imports = await tableText('admin_imports')
    expect(imports).not.toContain('qqimport')
    expect(imports).not.toContain('203.0.113.77')
    expect(imports).toContain('someone.else@example.org')
    expect(imports).toContain('xcarol.import@example.org.uk')
  })

  it('the hourly prune forgets unapplied uploads after a day and delivered outbox rows after 30 days', async () => {
    t = await createTestApp({
      EVENTS_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
      EVENTS_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
    })
    await checkImport(
      t.deps,
      'admin',
      'email,list,status\nold.upload@example.org,newsletter,subscribed\n',
    )
    await seedContact(t, 'someone@example.org')
    await t.deps.db.updateTable('outbox').set({ done_at: t.deps.now() }).execute()
    const rows = (await t.deps.db.selectFrom('outbox').selectAll().execute()).length
    expect(rows).toBeGreaterThan(0)
    t.clock.advance(2 * 86_400_000)
    await pruneServed(t.deps)
    expect(await tableText('admin_imports')).toBe('[]')
    expect((await t.deps.db.selectFrom('outbox').selectAll().execute()).length).toBe(rows)
    t.clock.advance(29 * 86_400_000)
    await pruneServed(t.deps)
    expect(await t.deps.db.selectFrom('outbox').selectAll().execute()).toEqual([])
  })

  it('prunes delivered rows batch after batch until none is left', async () => {
    t = await createTestApp({
      EVENTS_WEBHOOK_URL: 'http://127.0.0.1:9/hook',
      EVENTS_WEBHOOK_SECRET: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=',
    })
    for (let i = 0; i < 5; i++) await seedContact(t, `p${i}@example.org`)
    await t.deps.db.updateTable('outbox').set({ done_at: 1 }).execute()
    const rows = (await t.deps.db.selectFrom('outbox').selectAll().execute()).length
    expect(rows).toBeGreaterThanOrEqual(5)
    expect(await pruneDone(t.deps.db, 2, { batch: 2 })).toBe(rows)
    expect(await t.deps.db.selectFrom('outbox').selectAll().execute()).toEqual([])
  })

  it("erasing the address Mailchimp's upemail merged another contact into erases that one too", async () => {
    mc = await startFakeMailchimp()
    t = await createTestApp(mc.env({ MAILCHIMP_WEBHOOK_SECRET: SECRET }))
    for (const email of ['gina.old@example.org', 'gina.new@example.org'])
      await api(t, 'PUT', `/contacts/${enc(email)}`, {
        subscriptions: { newsletter: 'subscribed' },
        consent: evidence,
        name: 'Gina Ggmerge',
      })
    await drainMailchimp(t.deps)
    const hook = await t.app.request(`/webhooks/mailchimp/${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: mc.person.changesAddress(
        'gina.old@example.org',
        'gina.new@example.org',
        new Date(t.deps.now() + 60_000),
      ),
    })
    expect(hook.status).toBe(200)
    const old = (await (
      await api(t, 'GET', `/contacts/${enc('gina.old@example.org')}`)
    ).json()) as {
      id: string
    }

    expect((await api(t, 'DELETE', `/contacts/${enc('gina.new@example.org')}`)).status).toBe(200)
    expect((await api(t, 'GET', `/contacts/${enc('gina.old@example.org')}`)).status).toBe(404)
    const everything = JSON.stringify(
      await t.deps.db.selectFrom('consent_events').selectAll().execute(),
    )
    expect(everything).not.toMatch(/gina|ggmerge/i)
    expect(await t.deps.db.selectFrom('suppressions').selectAll().execute()).toHaveLength(2)
    const erased = await t.deps.db
      .selectFrom('consent_events')
      .select(['contact_id', 'detail'])
      .where('to_status', '=', 'erased')
      .where('contact_id', '=', old.id)
      .executeTakeFirstOrThrow()
    expect(JSON.parse(erased.detail!)).toMatchObject({ merged_into: expect.any(String) })
    // Neither address comes back through the API.
    const back = await api(t, 'PUT', `/contacts/${enc('gina.old@example.org')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent: evidence,
    })
    expect(back.status).toBeGreaterThanOrEqual(400)
  })
})
