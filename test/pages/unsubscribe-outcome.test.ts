import { afterEach, describe, expect, it } from 'vitest'
import { postForm, statuses, subscribeAndConfirm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { addAdvisories, linkFor, textOf } from './support.js'

let t: TestApp
afterEach(() => t?.close())

describe('issue 13 item 2: the all-lists result says what stopped, what continues and why', () => {
  it('lists what stopped and what continues, and never claims all mail stopped', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
    await addAdvisories(t, 'ada@example.com')
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe_all')
    const res = await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    expect(res.status).toBe(200)
    const text = textOf(await res.text())
    expect(text).not.toContain('You will no longer receive our emails at this address')
    expect(text).toContain('These emails have stopped: Newsletter Webinars')
    expect(text).toContain(
      'These continue, because they belong to your account and leaving them cancels it: Technical advisories',
    )
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'unsubscribed',
      webinars: 'unsubscribed',
      'technical-advisories': 'subscribed',
    })
  })

  it('someone on no list is told that nothing changed', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe_all')
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    const text = textOf(await (await postForm(t, path, [])).text())
    expect(text).toContain('You are not on any of our lists at this address.')
    expect(text).not.toContain('These emails have stopped')
  })
})
