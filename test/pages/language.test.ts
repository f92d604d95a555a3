import { afterEach, describe, expect, it } from 'vitest'
import { postForm, subscribeAndConfirm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { contactId, linkFor } from './support.js'

let t: TestApp
afterEach(() => t?.close())

function langCookie(res: Response): string {
  const cookie = res.headers.get('set-cookie') ?? ''
  const match = /(?:^|,\s*)(lang=[a-z]+)/.exec(cookie)
  if (!match) throw new Error(`no lang cookie in ${cookie}`)
  return match[1]!
}

async function storedLocale(email: string): Promise<string | null> {
  const row = await t.deps.db
    .selectFrom('contacts')
    .select('locale')
    .where('id', '=', await contactId(t, email))
    .executeTakeFirstOrThrow()
  return row.locale
}

describe('issue 13 item 6: the language, once chosen, sticks for the visit', () => {
  it('a choice on the sign-up page carries to /manage and to error pages', async () => {
    t = await createTestApp()
    const first = await t.app.request('/?lang=fi')
    const cookie = langCookie(first)
    expect(cookie).toBe('lang=fi')
    expect(first.headers.get('set-cookie')).toMatch(/SameSite=Lax/i)
    const manage = await (await t.app.request('/manage', { headers: { cookie } })).text()
    expect(manage).toContain('<html lang="fi">')
    const error = await t.app.request('/confirm/nope', { headers: { cookie } })
    expect(error.status).toBe(400)
    expect(await error.text()).toContain('<html lang="fi">')
  })

  it('pages opened from mail links obey ?lang and show the language switcher', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    const html = await (await t.app.request(`${prefs}?lang=pl`)).text()
    expect(html).toContain('<html lang="pl">')
    expect(html).toContain('<nav class="languages"')
    expect(html).toContain(`href="${prefs}?lang=fi"`)
    const unsubscribe = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    const page = await (await t.app.request(`${unsubscribe}?lang=fi`)).text()
    expect(page).toContain('<html lang="fi">')
    expect(page).toContain('<nav class="languages"')
  })

  it('error pages obey ?lang and show the switcher', async () => {
    t = await createTestApp()
    const html = await (await t.app.request('/no-such-page?lang=pl')).text()
    expect(html).toContain('<html lang="pl">')
    expect(html).toContain('<nav class="languages"')
  })

  it('the choice is saved as the contact locale when the person acts, never on a GET', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const locale = await storedLocale('ada@example.com')
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    const opened = await t.app.request(`${prefs}?lang=fi`)
    expect(await storedLocale('ada@example.com')).toBe(locale)
    const res = await postForm(
      t,
      prefs,
      [
        ['action', 'save'],
        ['lists', 'newsletter'],
      ],
      { cookie: langCookie(opened) },
    )
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('<html lang="fi">')
    expect(await storedLocale('ada@example.com')).toBe('fi')
  })

  it('an unknown ?lang is ignored, not an error', async () => {
    t = await createTestApp()
    const res = await t.app.request('/?lang=xx')
    expect(res.status).toBe(200)
    expect(res.headers.get('set-cookie')).toBeNull()
  })
})

describe('the language links never point off the site', () => {
  // Found in review: the links echo the request's path, and `//host/x?lang=pl` is a link to
  // another site on the service's own page (a 404 page is enough). Browsers also read `/\host`
  // as `//host`, and drop tabs and newlines from a URL before reading it.
  it.each([
    ['//evil.example/x', '//evil.example'],
    ['/%5Cevil.example/x', '/\\evil.example'],
    ['/%09/evil.example/x', '/\t/evil.example'],
    ['/%0A/evil.example/x', '/\n/evil.example'],
  ])('for %s', async (path, decoded) => {
    t = await createTestApp()
    const res = await t.app.request(path)
    expect(res.status).toBe(404)
    const hrefs = [...(await res.text()).matchAll(/href="([^"]*\?lang=[^"]*)"/g)].map(
      (match) => match[1]!,
    )
    expect(hrefs.length).toBeGreaterThan(0)
    for (const href of hrefs) {
      const resolved = new URL(href.replaceAll('&amp;', '&'), 'https://prefcenter.example/')
      expect(resolved.host, href).toBe('prefcenter.example')
      expect(href.startsWith(decoded)).toBe(false)
    }
  })
})
