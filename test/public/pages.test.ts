import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { subscribeAndConfirm } from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

/** Every input but hidden ones and buttons has a label pointing at its id. */
function unlabelledInputs(html: string): string[] {
  const inputs = [...html.matchAll(/<input [^>]*>/g)]
    .map((match) => match[0])
    .filter((tag) => !tag.includes('type="hidden"'))
  return inputs.filter((tag) => {
    const id = /id="([^"]+)"/.exec(tag)?.[1]
    return !id || !html.includes(`<label for="${id}"`)
  })
}

async function pages(): Promise<Record<string, string>> {
  await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
  const { id } = await t.deps.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow()
  const sign = (
    purpose: 'preferences' | 'unsubscribe' | 'unsubscribe_all' | 'confirm',
    lists: string[] = [],
  ) =>
    t.deps.tokens.sign({ purpose, contactId: id, lists, issuedAt: Math.floor(t.clock.now / 1000) })
  return {
    signup: '/',
    manage: '/manage',
    confirm: `/confirm/${await sign('confirm', ['webinars'])}`,
    unsubscribe: `/unsubscribe/${await sign('unsubscribe', ['newsletter'])}`,
    advisories: `/unsubscribe/${await sign('unsubscribe', ['technical-advisories'])}`,
    all: `/unsubscribe/${await sign('unsubscribe_all')}`,
    preferences: `/preferences/${await sign('preferences')}`,
    error: '/confirm/nope',
  }
}

describe('pages', () => {
  it('are complete, accessible documents without script or inline style, under strict headers', async () => {
    t = await createTestApp()
    for (const [name, path] of Object.entries(await pages())) {
      const res = await t.app.request(path)
      const html = await res.text()
      expect(html.startsWith('<!doctype html><html lang="en">'), name).toBe(true)
      expect(html.match(/<h1[ >]/g), name).toHaveLength(1)
      expect(html, name).not.toMatch(/<script|style=|\son\w+=/i)
      expect(unlabelledInputs(html), name).toEqual([])
      expect(html, name).toContain('<link rel="stylesheet" href="/assets/app.css"/>')
      const csp = res.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("default-src 'none'")
      expect(csp).toContain("style-src 'self'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(res.headers.get('referrer-policy')).toBe('no-referrer')
      expect(res.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('the sign-up form has one unticked box per public list, in a fieldset, and the consent and processor text', async () => {
    t = await createTestApp()
    const html = await (await t.app.request('/')).text()
    expect(html).toContain('<fieldset><legend>')
    const boxes = [...html.matchAll(/<input type="checkbox"[^>]*>/g)].map((match) => match[0])
    expect(boxes).toHaveLength(2)
    for (const box of boxes) expect(box).not.toContain('checked')
    expect(html).toContain('value="newsletter"')
    expect(html).toContain('value="webinars"')
    expect(html).not.toContain('value="technical-advisories"')
    expect(html).toContain('Mailchimp')
    expect(html).toContain('href="/manage"')
  })

  it('serves the stylesheet with a cache header', async () => {
    t = await createTestApp()
    const res = await t.app.request('/assets/app.css')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/css')
    expect(res.headers.get('cache-control')).toContain('max-age=')
    expect(await res.text()).toContain(':focus-visible')
  })

  it('speaks Polish and Finnish from Accept-Language', async () => {
    t = await createTestApp()
    const pl = await (
      await t.app.request('/', { headers: { 'accept-language': 'pl-PL,pl;q=0.9,en;q=0.5' } })
    ).text()
    expect(pl).toContain('<html lang="pl">')
    expect(pl).toContain('Zapisz się na nasze wiadomości')
    expect(pl).toContain('Webinary')
    expect(pl).toContain('Mailchimp')
    const fi = await (
      await t.app.request('/manage', { headers: { 'accept-language': 'fi' } })
    ).text()
    expect(fi).toContain('<html lang="fi">')
    expect(fi).toContain('Lähetä minulle linkki')
  })

  it('offers the sign-up and manage pages in every language with ?lang=', async () => {
    t = await createTestApp()
    const html = await (
      await t.app.request('/?lang=fi', { headers: { 'accept-language': 'pl' } })
    ).text()
    expect(html).toContain('<html lang="fi">')
    expect(html).toContain('<input type="hidden" name="locale" value="fi"/>')
    expect(html).toContain('href="/?lang=pl"')
    expect(html).toContain('href="/?lang=en"')
    const manage = await (await t.app.request('/manage?lang=pl')).text()
    expect(manage).toContain('<html lang="pl">')
    expect((await t.app.request('/?lang=xx')).status).toBe(200)
  })

  it("uses the contact's own language on link pages, before Accept-Language", async () => {
    t = await createTestApp()
    const paths = await pages()
    await t.deps.db.updateTable('contacts').set({ locale: 'fi' }).execute()
    const prefs = await (
      await t.app.request(paths.preferences!, { headers: { 'accept-language': 'pl' } })
    ).text()
    expect(prefs).toContain('<html lang="fi">')
    expect(prefs).toContain('Sähköpostiasetuksesi')
    expect(prefs).toContain('Uutiskirje')
    await t.deps.db.updateTable('contacts').set({ locale: 'pl' }).execute()
    // The warning shows for someone on the list (a spent link shows the state instead).
    const { id } = await t.deps.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow()
    await t.deps.db
      .insertInto('subscriptions')
      .values({
        contact_id: id,
        list_id: 'technical-advisories',
        status: 'subscribed',
        created_at: 0,
        updated_at: 0,
      })
      .execute()
    const unsubscribe = await (await t.app.request(paths.advisories!)).text()
    expect(unsubscribe).toContain('<html lang="pl">')
    expect(unsubscribe).toContain('zamyka Twoje konto')
  })
})
