import type { SMTPServer } from 'smtp-server'
import { afterEach, describe, expect, it } from 'vitest'
import { SmtpMailer } from '../../src/node/smtp-mailer.js'
import { freePort } from '../e2e/support.js'
import { plaintextSmtp } from '../support/plaintext-smtp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// An operator review: while the SMTP server was down, each sign-up still counted against the
// mailbox's 3 mails a day, so once it came back the person was locked out for a day, with the
// usual "check your inbox". A mail that could not be sent is no longer counted.

let t: TestApp | undefined
let mailer: SmtpMailer | undefined
let server: SMTPServer | undefined
afterEach(async () => {
  await t?.close()
  mailer?.close()
  await new Promise<void>((done) => (server ? server.close(() => done()) : done()))
  t = mailer = server = undefined
})

describe('an SMTP outage', () => {
  it('does not use up the mailbox’s daily limit', async () => {
    const port = await freePort()
    mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`, 'Prefcenter <no-reply@localhost>')
    t = await createTestApp({}, { mailer })
    const signUp = () =>
      t!.app.request('/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email: 'outage@example.com', lists: ['newsletter'] }),
      })
    // Nothing listens on the port: three sign-ups, three failed mails, the same answer.
    for (let i = 0; i < 3; i++) expect((await signUp()).status).toBe(202)

    const relay = await plaintextSmtp('127.0.0.1', port)
    server = relay.server
    const received = relay.received
    expect((await signUp()).status).toBe(202)
    expect(received).toHaveLength(1)
    expect(received[0]).toContain('/confirm/')
  })
})
