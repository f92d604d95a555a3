import { afterEach, describe, expect, it } from 'vitest'
import { postForm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { textOf } from './support.js'

let t: TestApp
afterEach(() => t?.close())

function title(html: string): string {
  return textOf(/<h1[^>]*>([\s\S]*?)<\/h1>/.exec(html)?.[1] ?? '')
}

describe('issue 13 item 9: error pages speak words, not codes', () => {
  it('a broken link: a title that says so, no raw code', async () => {
    t = await createTestApp()
    const html = await (await t.app.request('/confirm/nope')).text()
    expect(title(html)).toBe('This link does not work')
    expect(textOf(html)).not.toContain('invalid_token')
  })

  it('an unknown page: "Page not found", no raw code', async () => {
    t = await createTestApp()
    const res = await t.app.request('/no-such-page')
    expect(res.status).toBe(404)
    const html = await res.text()
    expect(title(html)).toBe('Page not found')
    expect(textOf(html)).not.toContain('not_found')
  })

  it('a body that cannot be read: a plain title, no raw code', async () => {
    t = await createTestApp()
    const res = await postForm(t, '/preferences/nope', [['action', 'dance']])
    expect(res.status).toBe(400)
    const text = textOf(await res.text())
    expect(text).not.toMatch(/invalid_body|invalid_token/)
  })

  it('the stylesheet makes danger buttons stand out and tick boxes large', async () => {
    t = await createTestApp()
    const css = await (await t.app.request('/assets/app.css')).text()
    expect(css).toMatch(
      /\ninput\[type="checkbox"\], input\[type="radio"\]\s*\{[^}]*width:\s*1\.35rem/,
    )
    expect(css).toMatch(/button\.danger\s*\{[^}]*background/)
  })
})
