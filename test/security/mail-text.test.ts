import { afterEach, describe, expect, it } from 'vitest'
import { api, enc } from '../admin/helpers.js'
import { linkIn, postForm, subscribeJson } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

const PHISH = 'Your account is locked, verify at https://evil.example/login'

describe('issue 11 item 5: no attacker text inside genuine mails', () => {
  it('the sign-up name is not printed in the confirmation mail (text or HTML)', async () => {
    t = await createTestApp()
    await subscribeJson(t, { email: 'target@example.com', lists: ['newsletter'], name: PHISH })
    const mail = t.mailer.to('target@example.com')[0]!
    expect(mail.text).not.toContain('evil.example')
    expect(mail.html ?? '').not.toContain('evil.example')
    expect(mail.text).not.toContain('locked')
  })

  it('nor in the preferences-link mail while nothing is confirmed', async () => {
    t = await createTestApp()
    await subscribeJson(t, { email: 'target@example.com', lists: ['newsletter'], name: PHISH })
    await postForm(t, '/manage', [['email', 'target@example.com']])
    const mail = t.mailer.to('target@example.com').at(-1)!
    expect(mail.subject).not.toBe(t.mailer.to('target@example.com')[0]!.subject)
    expect(mail.text).not.toContain('evil.example')
    expect(mail.html ?? '').not.toContain('evil.example')
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
