import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { MandrillMailer, parseFrom } from '../../src/mail/mandrill-mailer.js'

interface Received {
  method: string
  path: string
  contentType: string | undefined
  body: any
}

const received: Received[] = []
let answer: { status: number; body: unknown } = { status: 200, body: [] }
let server: Server
let apiUrl: string

beforeAll(async () => {
  server = createServer(async (req: IncomingMessage, res) => {
    let raw = ''
    for await (const chunk of req) raw += chunk
    received.push({
      method: req.method!,
      path: req.url!,
      contentType: req.headers['content-type'],
      body: JSON.parse(raw),
    })
    res.writeHead(answer.status, { 'content-type': 'application/json' })
    res.end(JSON.stringify(answer.body))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/1.0`
})

afterAll(() => new Promise((resolve) => server.close(resolve)))

const message = {
  to: 'reader@example.com',
  subject: 'Please confirm',
  text: 'Open http://x/confirm/abc',
  html: '<p>Open <a href="http://x/confirm/abc">this</a></p>',
  headers: {
    'List-Unsubscribe': '<http://x/unsubscribe/t>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
}

describe('MandrillMailer', () => {
  it('posts the message to /messages/send with the key, sender, recipient, parts and headers', async () => {
    received.length = 0
    answer = { status: 200, body: [{ email: 'reader@example.com', status: 'sent', _id: '1' }] }
    await new MandrillMailer({ apiKey: 'md-key-123', apiUrl }, 'Acme News <news@acme.test>').send(
      message,
    )
    expect(received).toHaveLength(1)
    const [request] = received
    expect(request!.method).toBe('POST')
    expect(request!.path).toBe('/api/1.0/messages/send')
    expect(request!.contentType).toBe('application/json')
    expect(request!.body.key).toBe('md-key-123')
    expect(request!.body.message).toMatchObject({
      from_email: 'news@acme.test',
      from_name: 'Acme News',
      to: [{ email: 'reader@example.com', type: 'to' }],
      subject: 'Please confirm',
      text: message.text,
      html: message.html,
      headers: message.headers,
      track_clicks: false,
    })
  })

  it('throws on an HTTP error without putting the address in the message', async () => {
    answer = {
      status: 500,
      body: { status: 'error', code: -1, name: 'Invalid_Key', message: 'Invalid API key' },
    }
    const sending = new MandrillMailer({ apiKey: 'bad', apiUrl }, 'news@acme.test').send(message)
    await expect(sending).rejects.toThrow('Mandrill answered 500: Invalid_Key')
    await sending.catch((error: Error) => expect(error.message).not.toContain('reader@example.com'))
  })

  it('throws when Mandrill rejects the recipient', async () => {
    answer = {
      status: 200,
      body: [{ email: 'reader@example.com', status: 'rejected', reject_reason: 'hard-bounce' }],
    }
    await expect(
      new MandrillMailer({ apiKey: 'k', apiUrl }, 'news@acme.test').send(message),
    ).rejects.toThrow('Mandrill rejected the message (hard-bounce)')
  })

  it('reads both sender forms', () => {
    expect(parseFrom('Prefcenter <no-reply@localhost>')).toEqual({
      email: 'no-reply@localhost',
      name: 'Prefcenter',
    })
    expect(parseFrom('"Acme, Inc." <a@acme.test>')).toEqual({
      email: 'a@acme.test',
      name: 'Acme, Inc.',
    })
    expect(parseFrom('a@acme.test')).toEqual({ email: 'a@acme.test' })
  })
})
