import { afterEach, describe, expect, it } from 'vitest'
import { requestSubscription } from '../../src/domain/subscription/subscribe.js'
import { sendConfirmationMail } from '../../src/domain/subscription/send-confirmation.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

describe('requestSubscription (the use-case the form and the admin API share)', () => {
  it('creates the contact, marks the lists pending and sends one confirmation mail without List-Unsubscribe', async () => {
    t = await createTestApp()
    const outcome = await requestSubscription(t.deps, {
      email: 'ada@example.com',
      listIds: ['newsletter', 'webinars'],
      name: 'Ada',
      locale: 'pl',
      evidence: { source: 'form', ip: '192.0.2.1', userAgent: 'test' },
    })
    expect(outcome).toBe('mail_sent')
    const contact = await t.deps.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow()
    expect(contact).toMatchObject({ email: 'ada@example.com', name: 'Ada', locale: 'pl' })
    const subs = await t.deps.db
      .selectFrom('subscriptions')
      .select(['list_id', 'status'])
      .orderBy('list_id')
      .execute()
    expect(subs).toEqual([
      { list_id: 'newsletter', status: 'pending' },
      { list_id: 'webinars', status: 'pending' },
    ])
    const events = await t.deps.db.selectFrom('consent_events').selectAll().execute()
    expect(events).toHaveLength(2)
    expect(events[0]).toMatchObject({
      source: 'form',
      ip: '192.0.2.1',
      user_agent: 'test',
      to_status: 'pending',
    })
    expect(events[0]!.consent_text).toContain('Zapisując się')
    expect(events[0]!.consent_version).toBeTruthy()
    expect(t.mailer.sent).toHaveLength(1)
    const mail = t.mailer.sent[0]!
    expect(mail.to).toBe('ada@example.com')
    expect(mail.text).toMatch(/http:\/\/prefcenter\.test\/confirm\/\S+/)
    expect(mail.html).toMatch(/^<!doctype html>/)
    expect(mail.html).toContain('Webinary')
    expect(mail.headers?.['List-Unsubscribe']).toBeUndefined()
  })

  it('sendConfirmationMail composes a confirm link for the given lists', async () => {
    t = await createTestApp()
    const contact = {
      id: 'c1',
      email: 'bob@example.com',
      name: null,
      locale: 'fi',
      status: 'active' as const,
      restricted: 0 as const,
      complained: 0 as const,
      created_at: 0,
      updated_at: 0,
      version: 0,
      address_version: 0,
      merged_into: null,
    }
    await sendConfirmationMail(t.deps, contact, ['newsletter'])
    expect(t.mailer.sent[0]!.subject).toBe('Vahvista tilauksesi')
    expect(t.mailer.sent[0]!.text).toContain('Uutiskirje')
  })
})
