import { afterEach, describe, expect, it } from 'vitest'
import { markAwaitingConfirmation } from '../../src/repos/mailchimp-members.js'
import { pauseSubscription } from '../../src/repos/pauses.js'
import { api, enc, evidence, seedContact } from '../admin/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// The access right (GDPR art. 15): the download holds everything kept about the person. A
// privacy review found the pause, an open address change, the complaint flag, the Mailchimp
// waiting state, merged earlier addresses and the recipients and retention missing.

let t: TestApp
afterEach(() => t?.close())

describe('download my data', () => {
  it('holds every kind of data kept about the person, and who receives it for how long', async () => {
    t = await createTestApp({
      ORGANIZATION_NAME: 'Example Ltd',
      ORGANIZATION_ADDRESS: '1 Main St, Springfield',
      MAILCHIMP_API_KEY: 'key-us1',
      MAILCHIMP_AUDIENCE_ID: 'aud1',
    })
    const ada = await seedContact(t, 'ada@example.org', {
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    const until = t.deps.now() + 7 * 86_400_000
    await pauseSubscription(t.deps.db, ada.id, 'webinars', until)
    await markAwaitingConfirmation(t.deps.db, ada.id, t.deps.now())
    await t.deps.db
      .updateTable('contacts')
      .set({ complained: 1 })
      .where('id', '=', ada.id)
      .execute()
    await t.deps.db
      .insertInto('address_changes')
      .values({
        id: 'a'.repeat(64),
        contact_id: ada.id,
        old_email: 'ada@example.org',
        new_email: 'ada.typed@example.org',
        created_at: t.deps.now(),
        expires_at: t.deps.now() + 86_400_000,
        used_at: null,
        stage: 'approve',
        address_version: 0,
      })
      .execute()
    // An earlier address of hers, merged into this contact by Mailchimp's upemail.
    await api(t, 'PUT', `/contacts/${enc('ada.old@example.org')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent: evidence,
    })
    await t.deps.db
      .updateTable('contacts')
      .set({ merged_into: ada.id })
      .where('email', '=', 'ada.old@example.org')
      .execute()

    const res = await api(t, 'GET', `/contacts/${enc('ada@example.org')}/export`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    expect(body.contact).toMatchObject({ email: 'ada@example.org', complained: true })
    expect(body.subscriptions).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ list: 'newsletter', paused_until: null }),
        expect.objectContaining({ list: 'webinars', paused_until: new Date(until).toISOString() }),
      ]),
    )
    expect(body.address_change_requests).toEqual([
      expect.objectContaining({ new_email: 'ada.typed@example.org' }),
    ])
    expect(body.awaiting_mailchimp_confirmation).toBe(true)
    // A contact merged in by Mailchimp's upemail may be someone else (staff change addresses
    // too): its data is not handed out with this one's.
    expect(JSON.stringify(body)).not.toContain('ada.old@example.org')
    expect(body.about.controller).toEqual({
      name: 'Example Ltd',
      address: '1 Main St, Springfield',
    })
    expect(body.about.recipients.join(' ')).toMatch(/Mailchimp/)
    expect(body.about.retention).toMatch(/erasure/)
    // Nobody else's data: another contact's address appears nowhere.
    await seedContact(t, 'someone.else@example.org')
    const again = await (await api(t, 'GET', `/contacts/${enc('ada@example.org')}/export`)).text()
    expect(again).not.toContain('someone.else')
  })
})
