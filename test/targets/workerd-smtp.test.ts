import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import PostalMime from 'postal-mime'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, freePort, SIGNING_KEYS, startServer, waitUntil, type StartedServer } from './support.js'

// SMTP_URL on workerd: `npm run worker:dev` honours it like Node does, mail goes out over
// Workers TCP sockets to a real SMTP server.
describe('workerd + D1 with SMTP_URL', () => {
  const mails: Array<{ to: string[]; raw: string }> = []
  let smtp: SMTPServer
  let server: StartedServer
  let dir: string

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        let raw = ''
        stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw })
          callback()
        })
      },
    })
    await new Promise<void>((done) => smtp.listen(0, '127.0.0.1', done))
    const smtpPort = (smtp.server.address() as AddressInfo).port
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-workerd-smtp-'))
    const port = await freePort()
    server = await startServer({
      script: 'worker:dev',
      port,
      startLimitMs: 120_000,
      env: {
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        SIGNING_KEYS,
        ADMIN_TOKEN,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        MAIL_FROM: 'Prefcenter <no-reply@prefcenter.test>',
        PREFCENTER_WORKER_STATE: join(dir, 'state'),
      },
    })
  }, 240_000)

  afterAll(async () => {
    await server?.stop()
    await new Promise<void>((done) => smtp.close(() => done()))
    rmSync(dir, { recursive: true, force: true })
  })

  it('sends the double opt-in mail through SMTP and its link confirms', async () => {
    const email = 'smtp-reader@example.com'
    const res = await fetch(`${server.baseUrl}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email, lists: ['newsletter'] }),
    })
    expect(res.status).toBe(202)
    await waitUntil(() => mails.some((mail) => mail.to.includes(email)), 'the confirmation mail on the SMTP server')
    const parsed = await PostalMime.parse(mails.find((mail) => mail.to.includes(email))!.raw)
    expect(parsed.from?.address).toBe('no-reply@prefcenter.test')
    const link = new RegExp(`${server.baseUrl}/confirm/[^\\s"'<>]+`).exec(parsed.text ?? '')?.[0]
    expect(link).toBeDefined()
    expect((await fetch(link!, { method: 'POST' })).status).toBe(200)
    const contact = await fetch(`${server.baseUrl}/api/v1/contacts/${encodeURIComponent(email)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } })
    expect((await contact.json()).subscriptions).toContainEqual(expect.objectContaining({ list: 'newsletter', status: 'subscribed' }))
  })
})
