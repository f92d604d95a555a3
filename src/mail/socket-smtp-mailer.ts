import { parseFrom } from './mandrill-mailer.js'
import { type Mailer, type MailMessage, UndeliveredError } from './mailer.js'

/** The TCP socket shape of Workers' `connect()` (cloudflare:sockets). */
export interface TcpSocket {
  readable: ReadableStream<Uint8Array>
  writable: WritableStream<Uint8Array>
  closed: Promise<void>
  close(): Promise<void>
  startTls(): TcpSocket
}

export type Connect = (
  address: { hostname: string; port: number },
  options: { secureTransport: 'off' | 'on' | 'starttls'; allowHalfOpen: boolean },
) => TcpSocket

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/**
 * SMTP over a TCP socket from Workers' `connect()`, so that SMTP_URL works on workerd too
 * (`npm run worker:dev` honours the same variables as Node). One connection per message:
 * EHLO, STARTTLS when offered (not on loopback), AUTH PLAIN or LOGIN, MAIL, RCPT, DATA, QUIT.
 * Production Workers cannot reach port 25; use 465 (smtps://) or 587, or the Mandrill transport.
 *
 * @example
 * import { connect } from 'cloudflare:sockets'
 * const mailer = new SocketSmtpMailer(connect, 'smtp://user:pass@smtp.example.com:587', 'News <n@example.com>')
 */
export class SocketSmtpMailer implements Mailer {
  private readonly url: URL

  constructor(
    private readonly connect: Connect,
    url: string,
    private readonly from: string,
    private readonly timeoutMs = 20_000,
  ) {
    this.url = new URL(url)
  }

  async send(message: MailMessage): Promise<void> {
    const secure = this.url.protocol === 'smtps:'
    const hostname = this.url.hostname.replace(/^\[|\]$/g, '')
    const port = Number(this.url.port || (secure ? 465 : 587))
    let socket = this.connect(
      { hostname, port },
      { secureTransport: secure ? 'on' : 'starttls', allowHalfOpen: false },
    )
    let session = new Session(socket)
    const timer = setTimeout(() => void socket.close().catch(() => undefined), this.timeoutMs)
    // Until the message's final dot is written, nothing can have been delivered.
    let sentMessage = false
    try {
      await session.expect(220)
      let features = await session.command(`EHLO ${ehloName(this.from)}`, 250)
      if (!secure && !isLoopback(hostname)) {
        // No silent plaintext downgrade off this machine: no STARTTLS offer, no mail.
        if (!/^STARTTLS$/im.test(features))
          throw new Error('the SMTP server does not offer STARTTLS; refusing to send in clear')
        await session.command('STARTTLS', 220)
        session.release()
        socket = socket.startTls()
        session = new Session(socket)
        features = await session.command(`EHLO ${ehloName(this.from)}`, 250)
      }
      if (this.url.username) await this.authenticate(session, features)
      await session.command(`MAIL FROM:<${parseFrom(this.from).email}>`, 250)
      await session.command(`RCPT TO:<${message.to}>`, [250, 251])
      await session.command('DATA', 354)
      sentMessage = true
      await session.command(`${dotStuff(buildMessage(this.from, message))}\r\n.`, 250)
      await session.command('QUIT', 221).catch(() => undefined)
    } catch (error) {
      // After the dot only a refusal says it was not delivered (a timeout may come after it was).
      const refused = error instanceof Error && /^SMTP server answered [45]/.test(error.message)
      if (!sentMessage || refused)
        throw new UndeliveredError(error instanceof Error ? error.message : String(error), {
          cause: error,
        })
      throw error
    } finally {
      clearTimeout(timer)
      session.release()
      await socket.close().catch(() => undefined)
    }
  }

  private async authenticate(session: Session, features: string): Promise<void> {
    const user = decodeURIComponent(this.url.username)
    const pass = decodeURIComponent(this.url.password)
    const methods = /^AUTH[ =](.*)$/im.exec(features)?.[1]?.toUpperCase().split(/\s+/) ?? []
    if (methods.includes('PLAIN') || !methods.includes('LOGIN')) {
      await session.command(`AUTH PLAIN ${base64(`\u0000${user}\u0000${pass}`)}`, 235)
      return
    }
    await session.command('AUTH LOGIN', 334)
    await session.command(base64(user), 334)
    await session.command(base64(pass), 235)
  }
}

/** Reads SMTP replies line by line and sends commands. */
class Session {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>
  private buffer = ''

  constructor(socket: TcpSocket) {
    this.reader = socket.readable.getReader()
    this.writer = socket.writable.getWriter()
  }

  async command(line: string, expected: number | number[]): Promise<string> {
    await this.writer.write(encoder.encode(`${line}\r\n`))
    return this.expect(expected)
  }

  /** Reads one (possibly multi-line) reply and checks its code; the reply text never holds our data. */
  async expect(expected: number | number[]): Promise<string> {
    const lines: string[] = []
    for (;;) {
      const line = await this.readLine()
      lines.push(line.slice(4))
      if (line[3] !== '-') {
        const code = Number(line.slice(0, 3))
        if (!(Array.isArray(expected) ? expected : [expected]).includes(code)) {
          throw new Error(`SMTP server answered ${code} (expected ${expected})`)
        }
        return lines.join('\n')
      }
    }
  }

  private async readLine(): Promise<string> {
    for (;;) {
      const end = this.buffer.indexOf('\r\n')
      if (end >= 0) {
        const line = this.buffer.slice(0, end)
        this.buffer = this.buffer.slice(end + 2)
        return line
      }
      const { value, done } = await this.reader.read()
      if (done) throw new Error('SMTP server closed the connection')
      this.buffer += decoder.decode(value, { stream: true })
    }
  }

  release(): void {
    this.reader.releaseLock()
    this.writer.releaseLock()
  }
}

/**
 * The RFC 5322 message: headers, then text and HTML as multipart/alternative.
 *
 * @example const data = buildMessage('News <n@example.com>', { to, subject, text, html })
 */
export function buildMessage(from: string, message: MailMessage, now = new Date()): string {
  const boundary = `=_pc_${crypto.randomUUID().replace(/-/g, '')}`
  const domain = parseFrom(from).email.split('@')[1] ?? 'localhost'
  const headers: Array<[string, string]> = [
    ['From', encodeAddressHeader(from)],
    ['To', message.to],
    ['Subject', encodeWord(message.subject)],
    ['Date', now.toUTCString().replace('GMT', '+0000')],
    ['Message-ID', `<${crypto.randomUUID()}@${domain}>`],
    ['MIME-Version', '1.0'],
    ...Object.entries(message.headers ?? {}).map(
      ([name, value]) => [name, encodeWord(value)] as [string, string],
    ),
    ['Content-Type', `multipart/alternative; boundary="${boundary}"`],
  ]
  return [
    ...headers.map(([name, value]) => `${name}: ${value.replace(/[\r\n]+/g, ' ')}`),
    '',
    `--${boundary}`,
    ...part('text/plain', message.text),
    `--${boundary}`,
    ...part('text/html', message.html),
    `--${boundary}--`,
  ].join('\r\n')
}

/** Plain ASCII with short lines goes as is (readable in any raw dump); anything else as base64. */
function part(type: string, body: string): string[] {
  const normalised = body.replace(/\r?\n/g, '\r\n')
  const plain =
    /^[\x09\x0a\x0d\x20-\x7e]*$/.test(normalised) &&
    normalised.split('\r\n').every((line) => line.length <= 998)
  if (plain)
    return [
      `Content-Type: ${type}; charset=utf-8`,
      'Content-Transfer-Encoding: 7bit',
      '',
      normalised,
    ]
  const encoded = base64(normalised).replace(/.{76}/g, '$&\r\n')
  return [`Content-Type: ${type}; charset=utf-8`, 'Content-Transfer-Encoding: base64', '', encoded]
}

/** RFC 2047 for header values that are not plain ASCII. */
function encodeWord(value: string): string {
  return /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${base64(value)}?=`
}

function encodeAddressHeader(from: string): string {
  const { email, name } = parseFrom(from)
  if (!name) return email
  return /^[\x20-\x7e]*$/.test(name)
    ? `"${name.replace(/["\\]/g, '\\$&')}" <${email}>`
    : `${encodeWord(name)} <${email}>`
}

/** Lines starting with a dot get another one (RFC 5321 4.5.2). */
function dotStuff(data: string): string {
  return data.replace(/(^|\r\n)\./g, '$1..')
}

function base64(text: string): string {
  let binary = ''
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte)
  return btoa(binary)
}

function ehloName(from: string): string {
  return (
    parseFrom(from)
      .email.split('@')[1]
      ?.replace(/[^A-Za-z0-9.-]/g, '') || 'localhost'
  )
}

function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '::1' || /^127\./.test(hostname)
}
