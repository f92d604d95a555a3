import { SMTPServer } from 'smtp-server'
import PostalMime from 'postal-mime'
import { afterEach, describe, expect, it } from 'vitest'
import { SmtpMailer } from '../../src/node/smtp-mailer.js'

let server: SMTPServer | undefined
let mailer: SmtpMailer | undefined
afterEach(async () => {
  mailer?.close()
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()))
})

/** An smtp-server with its defaults: STARTTLS offered with its own self-signed certificate. */
async function startServer(options: ConstructorParameters<typeof SMTPServer>[0] = {}) {
  const received: Array<{ raw: string; secure: boolean; user?: string }> = []
  server = new SMTPServer({
    authOptional: true,
    logger: false,
    ...options,
    onAuth(auth, _session, callback) {
      callback(null, { user: auth.username })
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        received.push({
          raw: Buffer.concat(chunks).toString('utf8'),
          secure: session.secure,
          user: session.user as string | undefined,
        })
        callback()
      })
    },
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', () => resolve()))
  const { port } = server.server.address() as { port: number }
  return { port, received }
}

describe('SMTP transport', () => {
  it('delivers through a loopback server that offers STARTTLS with a self-signed certificate', async () => {
    const { port, received } = await startServer()
    mailer = new SmtpMailer(`smtp://127.0.0.1:${port}`, 'Prefcenter <no-reply@example.com>')
    await mailer.send({
      to: 'ann@example.com',
      subject: 'Your preferences',
      text: 'plain part',
      html: '<p>html part</p>',
      headers: {
        'List-Unsubscribe': '<https://example.com/u/x>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    })
    expect(received).toHaveLength(1)
    expect(received[0]!.secure).toBe(true)
    const parsed = await PostalMime.parse(received[0]!.raw)
    expect(parsed.subject).toBe('Your preferences')
    expect(parsed.text?.trim()).toBe('plain part')
    expect(parsed.html).toContain('<p>html part</p>')
    expect(parsed.headers.find((h) => h.key === 'list-unsubscribe-post')?.value).toBe(
      'List-Unsubscribe=One-Click',
    )
  })

  it('authenticates with the credentials in SMTP_URL on a plain server', async () => {
    const { port, received } = await startServer({
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
    })
    mailer = new SmtpMailer(
      `smtp://mailer%40example.com:p%40ss@127.0.0.1:${port}`,
      'no-reply@example.com',
    )
    await mailer.send({ to: 'bob@example.com', subject: 's', text: 't', html: '<p>t</p>' })
    expect(received).toHaveLength(1)
    expect(received[0]!.user).toBe('mailer@example.com')
  })
})
