import { afterEach, describe, expect, it } from 'vitest'
import { linkIn, postForm, subscribeAndConfirm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { textOf } from './support.js'

let t: TestApp
afterEach(() => t?.close())

const ORG = {
  ORGANIZATION_NAME: 'IXO Oy',
  ORGANIZATION_ADDRESS: 'Mannerheimintie 1, 00100 Helsinki',
}

function footer(html: string): string {
  return textOf(/<footer[^>]*>([\s\S]*?)<\/footer>/.exec(html)?.[1] ?? '')
}

describe('issue 13 item 11 and the organisation: who is writing, in every footer', () => {
  it('every page footer names the organisation and its postal address', async () => {
    t = await createTestApp(ORG)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const prefs = linkIn(t.mailer.sent[0], 'confirm')
    // The staff console's sign-in page (and with it every console page's layout) too.
    for (const path of ['/', '/manage', '/no-such-page', '/confirm/nope', prefs, '/admin']) {
      const text = footer(await (await t.app.request(path)).text())
      expect(text, path).toContain('IXO Oy')
      expect(text, path).toContain('Mannerheimintie 1, 00100 Helsinki')
    }
  })

  it('every mail footer names them too, in text and HTML', async () => {
    t = await createTestApp(ORG)
    await postForm(t, '/subscribe', [
      ['email', 'ada@example.com'],
      ['lists', 'newsletter'],
    ])
    await postForm(t, '/manage', [['email', 'ada@example.com']])
    expect(t.mailer.sent.length).toBeGreaterThanOrEqual(1)
    for (const mail of t.mailer.sent) {
      expect(mail.text).toContain('IXO Oy')
      expect(mail.text).toContain('Mannerheimintie 1, 00100 Helsinki')
      expect(textOf(mail.html ?? '')).toContain('IXO Oy')
      expect(textOf(mail.html ?? '')).toContain('Mannerheimintie 1, 00100 Helsinki')
    }
  })

  it('unset: a neutral footer with no placeholder left', async () => {
    t = await createTestApp()
    const text = footer(await (await t.app.request('/')).text())
    expect(text).not.toMatch(/undefined|null|\{/)
    expect(text.length).toBeGreaterThan(0)
  })

  it('the HTML confirmation mail shows the link as text, for when the button does not work', async () => {
    t = await createTestApp()
    await postForm(t, '/subscribe', [
      ['email', 'ada@example.com'],
      ['lists', 'newsletter'],
    ])
    const mail = t.mailer.sent[0]!
    const url = `http://prefcenter.test${linkIn(mail, 'confirm')}`
    expect(textOf(mail.html ?? '')).toContain(url)
  })
})
