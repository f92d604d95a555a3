import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support.js'

// The way a new user runs it: `npm start` (node bin/start.mjs) with SMTP_URL pointing at a
// real SMTP server, then the links in the received mail, then the SQLite file itself.
describe('Node + SQLite + SMTP, started like npm start', () => {
  let stack: Stack
  beforeAll(async () => {
    stack = await startStack()
  }, 90_000)
  afterAll(() => stack?.stop())

  const db = () => new Database(stack.dbPath, { readonly: true })

  it('signs up through the form, confirms from the mail, and one-click unsubscribes from the header link', async () => {
    const { base } = stack
    const email = 'e2e-reader@example.com'
    const signup = await fetch(`${base}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'e2e-browser' },
      body: new URLSearchParams([
        ['email', email],
        ['lists', 'newsletter'],
        ['lists', 'webinars'],
        ['locale', 'en'],
      ]).toString(),
    })
    expect(signup.status).toBe(200)
    expect(await signup.text()).toContain('Check your inbox')

    const confirmation = await stack.mailTo(email)
    expect(confirmation.subject).toBe('Please confirm your subscription')
    expect(confirmation.html).toContain('/confirm/')
    expect(confirmation.headers.has('list-unsubscribe')).toBe(false)
    const confirm = stack.pathOf(confirmation.text, 'confirm')

    // A scanner's GET changes nothing.
    const page = await fetch(`${base}${confirm}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form method="post">')
    let conn = db()
    expect(conn.prepare('SELECT status FROM subscriptions ORDER BY list_id').all()).toEqual([
      { status: 'pending' },
      { status: 'pending' },
    ])
    conn.close()

    const confirmed = await fetch(`${base}${confirm}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'e2e-browser' },
      body: '',
    })
    expect(confirmed.status).toBe(200)
    conn = db()
    expect(
      conn.prepare('SELECT list_id, status FROM subscriptions ORDER BY list_id').all(),
    ).toEqual([
      { list_id: 'newsletter', status: 'subscribed' },
      { list_id: 'webinars', status: 'subscribed' },
    ])
    const event = conn
      .prepare("SELECT ip, user_agent FROM consent_events WHERE source = 'confirm' LIMIT 1")
      .get() as { ip: string; user_agent: string }
    expect(event.ip).toMatch(/127\.0\.0\.1/)
    expect(event.user_agent).toBe('e2e-browser')
    conn.close()

    // Ask for the preferences link; its mail carries the List-Unsubscribe headers.
    const manage = await fetch(`${base}/manage`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams([['email', email]]).toString(),
    })
    expect(manage.status).toBe(200)
    const manageMail = await stack.mailTo(email, 1)
    expect(manageMail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    const header = manageMail.headers.get('list-unsubscribe') ?? ''
    expect(header).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[^>]+>$/)
    const preferences = stack.pathOf(manageMail.text, 'preferences')
    expect((await fetch(`${base}${preferences}`)).status).toBe(200)

    const oneClick = await fetch(header.slice(1, -1), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    })
    expect(oneClick.status).toBe(200)
    conn = db()
    expect(
      conn.prepare('SELECT list_id, status FROM subscriptions ORDER BY list_id').all(),
    ).toEqual([
      { list_id: 'newsletter', status: 'unsubscribed' },
      { list_id: 'webinars', status: 'unsubscribed' },
    ])
    expect(
      conn.prepare("SELECT count(*) AS n FROM consent_events WHERE source = 'one_click'").get(),
    ).toEqual({ n: 2 })
    conn.close()
    // Logs never hold an address.
    expect(stack.output()).not.toContain(email)
  })
})
