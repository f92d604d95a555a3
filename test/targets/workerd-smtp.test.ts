import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import PostalMime from 'postal-mime'
import { SMTPServer, type SMTPServerOptions } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  ADMIN_TOKEN,
  freePort,
  SIGNING_KEYS,
  startServer,
  waitUntil,
  type StartedServer,
} from './support.js'

/**
 * SMTP_URL under `npm run worker:dev`: the same variables as on Node, mail on a real SMTP server.
 * By default it leaves through the Node SMTP transport (a loopback relay of worker:dev); with
 * PREFCENTER_WORKER_SMTP=direct through the Worker's own client over Workers TCP sockets.
 */
function smtpOnWorkerd(
  title: string,
  smtpOptions: SMTPServerOptions,
  credentials: string,
  extraEnv: Record<string, string>,
  expectSecure: boolean,
) {
  describe(title, () => {
    const mails: Array<{ to: string[]; raw: string; secure: boolean; user: string | undefined }> =
      []
    let smtp: SMTPServer
    let server: StartedServer
    let dir: string

    beforeAll(async () => {
      smtp = new SMTPServer({
        logger: false,
        ...smtpOptions,
        onAuth(auth, _session, callback) {
          if (auth.username === 'mailer' && auth.password === 'secret pw')
            return callback(null, { user: auth.username })
          callback(new Error('bad credentials'))
        },
        onData(stream, session, callback) {
          let raw = ''
          stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
          stream.on('end', () => {
            mails.push({
              to: session.envelope.rcptTo.map((r) => r.address),
              raw,
              secure: session.secure,
              user: session.user as string | undefined,
            })
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
          SMTP_URL: `smtp://${credentials}127.0.0.1:${smtpPort}`,
          MAIL_FROM: 'Prefcenter <no-reply@prefcenter.test>',
          PREFCENTER_WORKER_STATE: join(dir, 'state'),
          ...extraEnv,
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
      await waitUntil(
        () => mails.some((mail) => mail.to.includes(email)),
        'the confirmation mail on the SMTP server',
      )
      const mail = mails.find((entry) => entry.to.includes(email))!
      expect(mail.secure).toBe(expectSecure)
      if (credentials) expect(mail.user).toBe('mailer')
      const parsed = await PostalMime.parse(mail.raw)
      expect(parsed.from?.address).toBe('no-reply@prefcenter.test')
      const link = new RegExp(`${server.baseUrl}/confirm/[^\\s"'<>]+`).exec(parsed.text ?? '')?.[0]
      expect(link).toBeDefined()
      expect((await fetch(link!, { method: 'POST' })).status).toBe(200)
      const contact = await fetch(
        `${server.baseUrl}/api/v1/contacts/${encodeURIComponent(email)}`,
        { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      )
      expect((await contact.json()).subscriptions).toContainEqual(
        expect.objectContaining({ list: 'newsletter', status: 'subscribed' }),
      )
    })
  })
}

// smtp-server's defaults: STARTTLS with its self-signed certificate, authentication required.
smtpOnWorkerd(
  'workerd + D1 with SMTP_URL (an SMTP server with its defaults)',
  {},
  'mailer:secret%20pw@',
  {},
  true,
)
// The Worker's own SMTP client over TCP sockets (what deployed Workers use).
smtpOnWorkerd(
  'workerd + D1 with SMTP_URL over Workers sockets',
  { authOptional: true, disabledCommands: ['STARTTLS'] },
  '',
  { PREFCENTER_WORKER_SMTP: 'direct' },
  false,
)
