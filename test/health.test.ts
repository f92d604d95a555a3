import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from './support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

describe('health and basics', () => {
  it('answers /healthz with 200 JSON when the database answers', async () => {
    t = await createTestApp()
    const res = await t.app.request('/healthz')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ status: 'ok', database: 'ok' })
  })

  it('seeds the four lists', async () => {
    t = await createTestApp()
    const rows = await t.deps.db
      .selectFrom('lists')
      .select(['id', 'cancels_account'])
      .orderBy('position')
      .execute()
    expect(rows).toEqual([
      { id: 'newsletter', cancels_account: 0 },
      { id: 'technical-advisories', cancels_account: 1 },
      { id: 'call-reports', cancels_account: 0 },
      { id: 'webinars', cancels_account: 0 },
    ])
  })

  it('refuses bodies over 64 KB with 413 and sets strict security headers', async () => {
    t = await createTestApp()
    const res = await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({
        email: 'a@example.com',
        lists: ['newsletter'],
        name: 'x'.repeat(70_000),
      }),
    })
    expect(res.status).toBe(413)
    expect((await res.json()).error.code).toBe('payload_too_large')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('referrer-policy')).toBe('no-referrer')
  })

  it('answers unknown paths with 404', async () => {
    t = await createTestApp()
    const res = await t.app.request('/nope', { headers: { accept: 'application/json' } })
    expect(res.status).toBe(404)
  })
})

describe('error pages', () => {
  it('renders a friendly HTML page for people', async () => {
    t = await createTestApp()
    const res = await t.app.request('/nope', {
      headers: { accept: 'text/html', 'accept-language': 'fi' },
    })
    expect(res.status).toBe(404)
    const html = await res.text()
    expect(html).toContain('<html lang="fi">')
    expect(html).toContain('<h1>Sivua ei löytynyt</h1>')
  })
})
