import nodemailer, { type Transporter } from 'nodemailer'
import { type Mailer, type MailMessage, UndeliveredError } from '../mail/mailer.js'

function isLoopback(host: string): boolean {
  return (
    host === 'localhost' || host === '[::1]' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host)
  )
}

/** Sends through SMTP with nodemailer (pooled, so bursts reuse connections). */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter

  constructor(
    url: string,
    private readonly from: string,
  ) {
    const parsed = new URL(url)
    this.transport = nodemailer.createTransport({
      host: parsed.hostname,
      port: Number(parsed.port || (parsed.protocol === 'smtps:' ? 465 : 587)),
      secure: parsed.protocol === 'smtps:',
      // Off this machine, mail and credentials never go in clear: a server that does not offer
      // STARTTLS (or a stripped offer) fails the send instead of silently downgrading.
      requireTLS: parsed.protocol !== 'smtps:' && !isLoopback(parsed.hostname),
      auth: parsed.username
        ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
        : undefined,
      pool: true,
      maxConnections: 5,
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 20_000,
      // A relay on this machine (a local MTA, a test server) often offers STARTTLS with a
      // self-signed certificate. On loopback nobody sits in between, so encryption proves
      // nothing and a failed certificate check would only lose mail; anywhere else it is checked.
      tls: isLoopback(parsed.hostname) ? { rejectUnauthorized: false } : undefined,
    })
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.from,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers,
      })
    } catch (error) {
      // nodemailer says where it failed: connecting (`CONN`), or a refusal with its reply code.
      const failure = error as { command?: unknown; responseCode?: unknown; message?: unknown }
      const refused = typeof failure.responseCode === 'number' && failure.responseCode >= 400
      if (failure.command === 'CONN' || refused)
        throw new UndeliveredError(String(failure.message ?? 'not delivered'), { cause: error })
      throw error
    }
  }

  close(): void {
    this.transport.close()
  }
}
