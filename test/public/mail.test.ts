import { describe, expect, it } from 'vitest'
import { confirmationMail } from '../../views/mail/confirmation-mail.js'
import { preferencesLinkMail } from '../../views/mail/preferences-link-mail.js'

describe('mail composition', () => {
  it('the confirmation mail has a text and an HTML part, escapes what people typed, and no List-Unsubscribe', async () => {
    const mail = await confirmationMail({
      to: 'ada@example.com',
      name: '<b>Ada</b> & co',
      locale: 'en',
      listNames: ['Newsletter'],
      confirmUrl: 'https://prefs.example/confirm/abc',
      validForMs: 7 * 86_400_000,
      organization: { name: undefined, address: undefined },
    })
    expect(mail.text).toContain('Hello <b>Ada</b> & co,')
    expect(mail.text).toContain('https://prefs.example/confirm/abc')
    expect(mail.html.startsWith('<!doctype html><html lang="en">')).toBe(true)
    expect(mail.html).toContain('Hello &lt;b&gt;Ada&lt;/b&gt; &amp; co,')
    expect(mail.html).toContain('href="https://prefs.example/confirm/abc"')
    expect(mail.headers).toBeUndefined()
  })

  it('the preferences-link mail carries the preferences link and the one-click headers, in Finnish', async () => {
    const mail = await preferencesLinkMail({
      to: 'ada@example.com',
      name: null,
      locale: 'fi',
      preferencesUrl: 'https://prefs.example/preferences/p',
      unsubscribeAllUrl: 'https://prefs.example/unsubscribe/a',
      headers: {
        'List-Unsubscribe': '<https://prefs.example/unsubscribe/a>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
      organization: { name: undefined, address: undefined },
    })
    expect(mail.subject).toBe('Linkki sähköpostiasetuksiisi')
    expect(mail.text).toContain('https://prefs.example/preferences/p')
    expect(mail.html).toContain('href="https://prefs.example/unsubscribe/a"')
    expect(mail.headers).toEqual({
      'List-Unsubscribe': '<https://prefs.example/unsubscribe/a>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    })
  })
})
