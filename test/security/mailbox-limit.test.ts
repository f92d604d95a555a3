import { afterEach, describe, expect, it } from 'vitest'
import { mailboxKey } from '../../src/domain/limits/mailbox-key.js'
import { postForm, subscribeJson } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

describe('issue 11 item 4: mail limits count per mailbox', () => {
  it('plus-tag variants of one address share its 3 mails a day', async () => {
    t = await createTestApp()
    for (let i = 1; i <= 6; i++)
      await subscribeJson(t, { email: `victim+${i}@example.com`, lists: ['newsletter'] })
    expect(t.mailer.sent).toHaveLength(3)
  })

  it('Gmail dots, case and googlemail.com count as one mailbox', async () => {
    t = await createTestApp()
    const variants = [
      'victim@gmail.com',
      'v.i.c.t.i.m@gmail.com',
      'VICTIM+x@gmail.com',
      'vic.tim@googlemail.com',
      'victim.@gmail.com',
    ]
    for (const email of variants) await subscribeJson(t, { email, lists: ['newsletter'] })
    expect(t.mailer.sent).toHaveLength(3)
  })

  it('no per-domain cap: many people at one domain each get their mail', async () => {
    t = await createTestApp()
    for (let i = 1; i <= 8; i++)
      await subscribeJson(t, { email: `person${i}@gmail.com`, lists: ['newsletter'] })
    expect(t.mailer.sent).toHaveLength(8)
  })

  it('the /manage link mail is limited per mailbox too', async () => {
    t = await createTestApp()
    for (let i = 1; i <= 4; i++)
      await subscribeJson(t, { email: `m${i}@example.com`, lists: ['newsletter'] })
    const base = t.mailer.sent.length
    // Sign-up mails and link mails have their own counters; five link requests, three mails.
    for (let i = 0; i < 5; i++) await postForm(t, '/manage', [['email', 'm1@example.com']])
    expect(t.mailer.sent.length - base).toBe(3)
  })

  it('dots matter outside Gmail; tags never do', () => {
    expect(mailboxKey('First.Last+news@Example.com')).toBe('first.last@example.com')
    expect(mailboxKey('f.i.r.s.t+a+b@googlemail.com')).toBe('first@gmail.com')
  })
})
