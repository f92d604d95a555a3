import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Logger } from '../logger.js'
import { SmtpMailer } from './smtp-mailer.js'

export interface SmtpRelay {
  /** Mandrill-style API base the Worker posts to (MANDRILL_API_URL). */
  url: string
  /** The key the Worker must send (MANDRILL_API_KEY); random per run. */
  key: string
  close(): Promise<void>
}

/**
 * For `npm run worker:dev` only: a loopback endpoint speaking Mandrill's `/messages/send` that
 * hands each message to the Node SMTP transport (nodemailer) for SMTP_URL. The Worker's own SMTP
 * client works over TCP sockets, but workerd cannot accept the self-signed STARTTLS certificate
 * that local relays and test servers offer; through this relay, mail under worker:dev leaves
 * exactly as it does under `npm start`. Deployed Workers use their sockets (or Mandrill).
 *
 * @example const relay = await startSmtpRelay(process.env.SMTP_URL!, config.mailFrom, logger)
 */
export async function startSmtpRelay(
  smtpUrl: string,
  from: string,
  logger: Logger,
): Promise<SmtpRelay> {
  const key = randomBytes(24).toString('base64url')
  const mailer = new SmtpMailer(smtpUrl, from)
  const server: Server = createServer(async (req, res) => {
    const reply = (status: number, body: unknown) =>
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body))
    try {
      let raw = ''
      for await (const chunk of req) raw += chunk
      const body = JSON.parse(raw) as {
        key?: unknown
        message?: {
          to?: Array<{ email: string }>
          subject: string
          text: string
          html: string
          headers?: Record<string, string>
        }
      }
      const given = Buffer.from(typeof body.key === 'string' ? body.key : '')
      if (
        req.method !== 'POST' ||
        !req.url?.endsWith('/messages/send') ||
        given.length !== key.length ||
        !timingSafeEqual(given, Buffer.from(key))
      ) {
        return reply(401, { status: 'error', name: 'Invalid_Key' })
      }
      const message = body.message!
      for (const to of message.to ?? []) {
        await mailer.send({
          to: to.email,
          subject: message.subject,
          text: message.text,
          html: message.html,
          headers: message.headers ?? {},
        })
      }
      reply(
        200,
        (message.to ?? []).map((to) => ({ email: to.email, status: 'sent' })),
      )
    } catch (error) {
      logger.error('worker:dev SMTP relay could not send', { error: String(error) })
      reply(500, { status: 'error', name: 'SMTP_Error' })
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    key,
    close: async () => {
      mailer.close()
      server.closeAllConnections()
      await new Promise<void>((done) => server.close(() => done()))
    },
  }
}
