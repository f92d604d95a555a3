import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import PostalMime from 'postal-mime'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

interface ReceivedMail {
  to: string[]
  subject: string
  text: string
  html: string
  headers: Map<string, string>
}

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

async function eventually<T>(read: () => T | undefined, what: string, limitMs = 20_000): Promise<T> {
  const until = Date.now() + limitMs
  for (;;) {
    const value = read()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`)
    await new Promise((done) => setTimeout(done, 50))
  }
}

// The way a new user runs it: `npm start` (tsx src/node/main.ts) with SMTP_URL pointing at a
// real SMTP server, then the links in the received mail, then the SQLite file itself.
describe('Node + SQLite + SMTP, started like npm start', () => {
  const mails: ReceivedMail[] = []
  let smtp: SMTPServer
  let server: ChildProcess
  let dir: string
  let base: string
  let output = ''

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        const chunks: Buffer[] = []
        stream.on('data', (chunk: Buffer) => chunks.push(chunk))
        stream.on('end', () => {
          PostalMime.parse(Buffer.concat(chunks))
            .then((parsed) => {
              mails.push({
                to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                html: parsed.html ?? '',
                headers: new Map(parsed.headers.map((header) => [header.key.toLowerCase(), header.value])),
              })
              callback()
            })
            .catch((error: Error) => callback(error))
        })
      },
    })
    await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done))
    const smtpPort = (smtp.server.address() as AddressInfo).port
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-e2e-'))
    const port = await freePort()
    base = `http://127.0.0.1:${port}`
    server = spawn(join(ROOT, 'node_modules/.bin/tsx'), ['src/node/main.ts'], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PORT: String(port),
        HOST: '127.0.0.1',
        PUBLIC_URL: base,
        DATABASE_URL: `sqlite:${join(dir, 'e2e.db')}`,
        SIGNING_KEYS: 'e2e:e2e-signing-secret-0123456789abcdefghij',
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Prefcenter <no-reply@prefcenter.test>',
        LOG_LEVEL: 'info',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    server.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    server.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
    await eventually(() => (output.includes('Prefcenter is listening') ? true : server.exitCode !== null ? false : undefined), 'the server to listen', 60_000).then(
      (listening) => {
        if (!listening) throw new Error(`server exited: ${output}`)
      },
    )
  }, 90_000)

  afterAll(async () => {
    if (server && server.exitCode === null) {
      const exited = new Promise((done) => server.once('exit', done))
      server.kill('SIGTERM')
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))])
      if (server.exitCode === null) server.kill('SIGKILL')
    }
    await new Promise<void>((done) => (smtp ? smtp.close(() => done()) : done()))
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  const mailTo = (address: string, index = 0) =>
    eventually(() => mails.filter((mail) => mail.to.includes(address))[index], `mail #${index + 1} to the address`)
  const pathOf = (text: string, kind: string) => {
    const match = new RegExp(`${base.replace(/[.]/g, '\\.')}(/${kind}/[A-Za-z0-9._-]+)`).exec(text)
    if (!match) throw new Error(`no ${kind} link in: ${text}`)
    return match[1]!
  }
  const db = () => new Database(join(dir, 'e2e.db'), { readonly: true })

  it('signs up through the form, confirms from the mail, and one-click unsubscribes from the header link', async () => {
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

    const confirmation = await mailTo(email)
    expect(confirmation.subject).toBe('Please confirm your subscription')
    expect(confirmation.html).toContain('/confirm/')
    expect(confirmation.headers.has('list-unsubscribe')).toBe(false)
    const confirm = pathOf(confirmation.text, 'confirm')

    // A scanner's GET changes nothing.
    const page = await fetch(`${base}${confirm}`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form method="post">')
    let conn = db()
    expect(conn.prepare("SELECT status FROM subscriptions ORDER BY list_id").all()).toEqual([{ status: 'pending' }, { status: 'pending' }])
    conn.close()

    const confirmed = await fetch(`${base}${confirm}`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'user-agent': 'e2e-browser' }, body: '' })
    expect(confirmed.status).toBe(200)
    conn = db()
    expect(conn.prepare('SELECT list_id, status FROM subscriptions ORDER BY list_id').all()).toEqual([
      { list_id: 'newsletter', status: 'subscribed' },
      { list_id: 'webinars', status: 'subscribed' },
    ])
    const event = conn.prepare("SELECT ip, user_agent FROM consent_events WHERE source = 'confirm' LIMIT 1").get() as { ip: string; user_agent: string }
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
    const manageMail = await mailTo(email, 1)
    expect(manageMail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
    const header = manageMail.headers.get('list-unsubscribe') ?? ''
    expect(header).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/unsubscribe\/[^>]+>$/)
    const preferences = pathOf(manageMail.text, 'preferences')
    expect((await fetch(`${base}${preferences}`)).status).toBe(200)

    const oneClick = await fetch(header.slice(1, -1), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    })
    expect(oneClick.status).toBe(200)
    conn = db()
    expect(conn.prepare('SELECT list_id, status FROM subscriptions ORDER BY list_id').all()).toEqual([
      { list_id: 'newsletter', status: 'unsubscribed' },
      { list_id: 'webinars', status: 'unsubscribed' },
    ])
    expect(conn.prepare("SELECT count(*) AS n FROM consent_events WHERE source = 'one_click'").get()).toEqual({ n: 2 })
    conn.close()
    expect(output).not.toContain(email)
  })
})
