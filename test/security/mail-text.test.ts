import { afterEach, describe, expect, it } from 'vitest'
import { api, enc } from '../admin/helpers.js'
import { linkIn, postForm, subscribeJson } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

const PHISH = 'Your account is locked, verify at https://evil.example/login'
/** What is left to an attacker once names cannot carry links. */
const WORDS = 'Your account is locked, call support at once'

describe('issue 11 item 5: no attacker text inside genuine mails', () => {
  it('a name that carries a link never reaches a mail, whoever stored it', async () => {
    // Found by an attacker review: once the victim confirmed the list, later mails greeted them
    // with the link. Mail clients turn bare domains (any script, any dot) into links too.
    t = await createTestApp()
    const names = [PHISH, 'Restore at пример.com now', 'Write to help@evil.example', 'www.evil']
    for (const [i, name] of names.entries()) {
      const email = `target${i}@example.com`
      expect((await subscribeJson(t, { email, lists: ['newsletter'], name })).status).toBe(202)
      await t.app.request(linkIn(t.mailer.to(email)[0], 'confirm'), { method: 'POST' })
      await postForm(t, '/manage', [['email', email]])
      const mail = t.mailer.to(email).at(-1)!
      expect(mail.text, name).toMatch(/^Hello,/m)
      for (const part of [mail.text, mail.html ?? '']) expect(part).not.toMatch(/evil|пример/)
    }
    // The same from the admin API, which passes on what a host application's user typed.
    const put = await api(t, 'PUT', `/contacts/${enc('api@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent: { source: 'crm', text: 'Yes' },
      name: 'Go to evil.example',
    })
    expect(put.status).toBe(200)
    await postForm(t, '/manage', [['email', 'api@example.com']])
    expect(t.mailer.to('api@example.com').at(-1)!.text).not.toContain('evil')
  })

  it('the sign-up name is not printed in the confirmation mail (text or HTML)', async () => {
    t = await createTestApp()
    await subscribeJson(t, { email: 'target@example.com', lists: ['newsletter'], name: WORDS })
    const mail = t.mailer.to('target@example.com')[0]!
    expect(mail.text).not.toContain('locked')
    expect(mail.html ?? '').not.toContain('locked')
  })

  it('nor in the preferences-link mail while nothing is confirmed', async () => {
    t = await createTestApp()
    await subscribeJson(t, { email: 'target@example.com', lists: ['newsletter'], name: WORDS })
    await postForm(t, '/manage', [['email', 'target@example.com']])
    const mail = t.mailer.to('target@example.com').at(-1)!
    expect(mail.subject).not.toBe(t.mailer.to('target@example.com')[0]!.subject)
    expect(mail.text).not.toContain('locked')
    expect(mail.html ?? '').not.toContain('locked')
  })

  it("nor in the mail that asks a new address to confirm a change: the sender's name stays home", async () => {
    // Found by an attacker review: a contact named itself with a message, then asked to move to
    // the victim's address; the victim's mail greeted them with it.
    t = await createTestApp()
    await subscribeJson(t, { email: 'mallory@example.com', lists: ['newsletter'] })
    await t.app.request(linkIn(t.mailer.to('mallory@example.com')[0], 'confirm'), {
      method: 'POST',
    })
    await postForm(t, '/manage', [['email', 'mallory@example.com']])
    const prefs = linkIn(t.mailer.to('mallory@example.com').at(-1)!, 'preferences')
    expect(
      (
        await postForm(t, prefs, [
          ['action', 'profile'],
          ['name', WORDS],
        ])
      ).status,
    ).toBe(200)
    const asked = await postForm(t, prefs, [
      ['action', 'change_email'],
      ['new_email', 'victim@example.org'],
    ])
    expect(asked.status).toBe(202)
    const approval = /\/address\/[A-Za-z0-9_-]+/.exec(
      t.mailer.to('mallory@example.com').at(-1)!.text,
    )!
    expect((await t.app.request(approval[0], { method: 'POST' })).status).toBe(200)
    const mail = t.mailer.to('victim@example.org')[0]!
    expect(mail.text).not.toContain('locked')
    expect(mail.html ?? '').not.toContain('locked')
  })

  it('a name the person confirmed along with their sign-up greets them later', async () => {
    t = await createTestApp()
    await subscribeJson(t, { email: 'ada@example.com', lists: ['newsletter'], name: 'Ada' })
    await t.app.request(linkIn(t.mailer.to('ada@example.com')[0], 'confirm'), { method: 'POST' })
    await postForm(t, '/manage', [['email', 'ada@example.com']])
    expect(t.mailer.to('ada@example.com').at(-1)!.text).toContain('Ada')
    const view = (await (await api(t, 'GET', `/contacts/${enc('ada@example.com')}`)).json()) as any
    expect(view.name).toBe('Ada')
  })
})
