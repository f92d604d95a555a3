import net from 'node:net'
import type { AddressInfo } from 'node:net'
import { Readable, Writable } from 'node:stream'
import PostalMime from 'postal-mime'
import { SMTPServer } from 'smtp-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SocketSmtpMailer, type Connect } from '../../src/mail/socket-smtp-mailer.js'

/** Workers' connect() on Node's net, so the Workers SMTP client runs against a real server here. */
const connect: Connect = ({ hostname, port }) => {
  const socket = net.connect(port, hostname)
  return {
    readable: Readable.toWeb(socket) as never,
    writable: Writable.toWeb(socket) as never,
    closed: new Promise((done) => socket.once('close', () => done())),
    close: async () => void socket.destroy(),
    startTls: () => {
      throw new Error('not used on loopback')
    },
  }
}

interface Received {
  from: string | undefined
  to: string[]
  user: string | undefined
  raw: string
}

const received: Received[] = []
let server: SMTPServer
let port: number

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'mailer' && auth.password === 'p@ss word')
        return callback(null, { user: auth.username })
      callback(new Error('bad credentials'))
    },
    onData(stream, session, callback) {
      let raw = ''
      stream.on('data', (chunk: Buffer) => (raw += chunk.toString('utf8')))
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : undefined,
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          raw,
        })
        callback()
      })
    },
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  port = (server.server.address() as AddressInfo).port
})

afterAll(() => new Promise<void>((done) => server.close(() => done())))

const message = {
  to: 'reader@example.com',
  subject: 'Bitte bestätigen',
  text: 'Open http://127.0.0.1/confirm/abc.def\n.a line starting with a dot\nZażółć',
  html: '<p>Open <a href="http://127.0.0.1/confirm/abc.def">this</a></p>',
  headers: {
    'List-Unsubscribe': '<http://127.0.0.1/unsubscribe/t>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
}

describe('SocketSmtpMailer (SMTP for Workers)', () => {
  it('delivers a multipart message with its headers to a real SMTP server', async () => {
    received.length = 0
    await new SocketSmtpMailer(
      connect,
      `smtp://127.0.0.1:${port}`,
      'Prefcenter <no-reply@prefcenter.test>',
    ).send(message)
    expect(received).toHaveLength(1)
    expect(received[0]!.from).toBe('no-reply@prefcenter.test')
    expect(received[0]!.to).toEqual(['reader@example.com'])
    const parsed = await PostalMime.parse(received[0]!.raw)
    expect(parsed.subject).toBe('Bitte bestätigen')
    expect(parsed.from?.address).toBe('no-reply@prefcenter.test')
    expect(parsed.from?.name).toBe('Prefcenter')
    expect(parsed.text?.replace(/\r\n/g, '\n').trim()).toBe(message.text)
    expect(parsed.html).toContain('/confirm/abc.def')
    const headers = Object.fromEntries(parsed.headers.map((header) => [header.key, header.value]))
    expect(headers['list-unsubscribe']).toBe('<http://127.0.0.1/unsubscribe/t>')
    expect(headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click')
  })

  it('authenticates with the credentials of SMTP_URL', async () => {
    received.length = 0
    await new SocketSmtpMailer(
      connect,
      `smtp://mailer:${encodeURIComponent('p@ss word')}@127.0.0.1:${port}`,
      'no-reply@prefcenter.test',
    ).send(message)
    expect(received[0]!.user).toBe('mailer')
  })

  it('fails without leaking the address when the server refuses', async () => {
    const sending = new SocketSmtpMailer(
      connect,
      `smtp://mailer:wrong@127.0.0.1:${port}`,
      'no-reply@prefcenter.test',
    ).send(message)
    await expect(sending).rejects.toThrow(/SMTP server answered 535/)
    await sending.catch((error: Error) => expect(error.message).not.toContain('reader@example.com'))
  })
})
