import { afterEach, describe, expect, it } from 'vitest'
import { postForm, snapshot, subscribeAndConfirm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { linkFor, textOf } from './support.js'

let t: TestApp
afterEach(() => t?.close())

describe('issue 13 item 7: a used link shows the current state first', () => {
  it('a used confirm link says the person is already subscribed and offers no button', async () => {
    t = await createTestApp()
    const confirm = await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const before = await snapshot(t)
    const res = await t.app.request(confirm)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(textOf(html)).toContain('You are already subscribed to: Newsletter')
    expect(html).not.toContain('<button')
    expect(await snapshot(t)).toEqual(before)
  })

  it('a spent unsubscribe link says when the person left and offers no Unsubscribe button', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    t.clock.now = Date.UTC(2027, 2, 3, 9, 0, 0)
    expect((await postForm(t, path, [['List-Unsubscribe', 'One-Click']])).status).toBe(200)
    t.clock.advance(86_400_000)
    const html = await (await t.app.request(path)).text()
    expect(textOf(html)).toContain('You left “Newsletter” on 3 March 2027.')
    expect(html).not.toMatch(/<button[^>]*>Unsubscribe</)
  })

  it('the spent link speaks Polish dates in Polish', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    t.clock.now = Date.UTC(2027, 2, 3, 9, 0, 0)
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    const html = await (await t.app.request(`${path}?lang=pl`)).text()
    expect(textOf(html)).toContain('3 marca 2027')
  })
})
