import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

describe('issue 13 item 12: /api/docs reads on a phone', () => {
  it('shows no Markdown backticks and scrolls each table inside its own box', async () => {
    t = await createTestApp()
    const html = await (await t.app.request('/api/docs')).text()
    const body = html.replace(/<pre>[\s\S]*?<\/pre>/g, '')
    expect(body).not.toContain('`')
    const tables = html.match(/<table/g) ?? []
    expect(tables.length).toBeGreaterThan(0)
    expect(html.match(/<section class="table-scroll"[^>]*><table/g) ?? []).toHaveLength(
      tables.length,
    )
    const css = await (await t.app.request('/assets/app.css')).text()
    expect(css).toMatch(/\.table-scroll\s*\{[^}]*overflow-x:\s*auto/)
    expect(css).toMatch(/pre\s*\{[^}]*overflow-x:\s*auto/)
  })
})
