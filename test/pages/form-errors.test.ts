import { afterEach, describe, expect, it } from 'vitest'
import { postForm, snapshot } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { listBox, textOf } from './support.js'

let t: TestApp
afterEach(() => t?.close())

describe('issue 13 item 1: a refused form comes back filled in, with the message beside the field', () => {
  it('sign-up with no list ticked: 400, the form again with the address and name kept', async () => {
    t = await createTestApp()
    const before = await snapshot(t)
    const res = await postForm(t, '/subscribe', [
      ['email', 'ada@example.com'],
      ['name', 'Ada L'],
      ['locale', 'en'],
    ])
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('<form method="post" action="/subscribe"')
    expect(html).toMatch(/<input [^>]*name="email"[^>]*value="ada@example.com"/)
    expect(html).toMatch(/<input [^>]*name="name"[^>]*value="Ada L"/)
    expect(html).toMatch(/id="lists-error"[^>]*>Please choose at least one list\.</)
    expect(html).toContain('aria-describedby="lists-error"')
    expect(textOf(html)).not.toContain('invalid_body')
    // The tab says it went wrong (a browser review: the title stayed as before).
    expect(html).toContain('<title>Error: Sign up for our emails · ')
    expect(await snapshot(t)).toEqual(before)
  })

  it('/manage with a bad address: the tab says so, and the summary links to the field', async () => {
    t = await createTestApp()
    const res = await postForm(t, '/manage', [['email', 'nope']])
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/<title>Error: [^<]+<\/title>/)
    expect(html).toMatch(
      /role="alert"[\s\S]*<a href="#email">Please enter a valid email address\.<\/a>/,
    )
    const fine = await (await t.app.request('/manage')).text()
    expect(fine).not.toMatch(/<title>Error: /)
  })

  it('sign-up with a bad address: the message is on the address field, the ticked lists stay ticked', async () => {
    t = await createTestApp()
    const res = await postForm(t, '/subscribe', [
      ['email', 'not-an-address'],
      ['lists', 'webinars'],
    ])
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/<input [^>]*name="email"[^>]*value="not-an-address"/)
    expect(html).toMatch(/id="email-error"[^>]*>Please enter a valid email address\.</)
    expect(html).toMatch(/<input [^>]*name="email"[^>]*aria-invalid="true"/)
    expect(listBox(html, 'webinars')).toContain('checked')
    expect(listBox(html, 'newsletter')).not.toContain('checked')
    expect(t.mailer.sent).toHaveLength(0)
  })

  it('an empty sign-up names every problem at once, each a link to its field (a browser review)', async () => {
    t = await createTestApp()
    const res = await postForm(t, '/subscribe', [
      ['email', ''],
      ['locale', 'en'],
    ])
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/id="email-error"[^>]*>Please enter a valid email address\.</)
    expect(html).toMatch(/id="lists-error"[^>]*>Please choose at least one list\.</)
    const summary = /<div class="warning" role="alert">([\s\S]*?)<\/div>/.exec(html)![1]!
    expect(summary).toContain('<a href="#email">Please enter a valid email address.</a>')
    expect(summary).toContain('<a href="#list-newsletter">Please choose at least one list.</a>')
    expect(t.mailer.sent).toHaveLength(0)
  })

  it('sign-up for an unknown list: 400 on the form, nothing stored', async () => {
    t = await createTestApp()
    const before = await snapshot(t)
    const res = await postForm(t, '/subscribe', [
      ['email', 'ada@example.com'],
      ['lists', 'webinarz'],
    ])
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('<form method="post" action="/subscribe"')
    expect(html).toMatch(/id="lists-error"[^>]*>One of the chosen lists does not exist\.</)
    expect(await snapshot(t)).toEqual(before)
  })

  it('the Polish form answers in Polish', async () => {
    t = await createTestApp()
    const res = await postForm(t, '/subscribe', [
      ['email', 'ada@example.com'],
      ['locale', 'pl'],
    ])
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('<html lang="pl">')
    expect(html).toContain('Wybierz co najmniej jedną listę.')
  })

  it('/manage with a bad address: 400, the form again with the value and the message', async () => {
    t = await createTestApp()
    const res = await postForm(t, '/manage', [['email', 'nobody@']])
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('<form method="post" action="/manage"')
    expect(html).toMatch(/<input [^>]*name="email"[^>]*value="nobody@"/)
    expect(html).toMatch(/id="email-error"[^>]*>Please enter a valid email address\.</)
    expect(t.mailer.sent).toHaveLength(0)
  })

  it('JSON clients still get the 400 envelope', async () => {
    t = await createTestApp()
    const res = await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', lists: [] }),
    })
    expect(res.status).toBe(400)
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('invalid_body')
  })
})
