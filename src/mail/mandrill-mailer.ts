import { type Mailer, type MailMessage, UndeliveredError } from './mailer.js'

export interface MandrillOptions {
  apiKey: string
  /** e.g. `https://mandrillapp.com/api/1.0`; tests point it at their own server. */
  apiUrl: string
  /** Gives up on a request after this long (default 15 s). */
  timeoutMs?: number
}

/**
 * Splits `Name <address>` (or a bare address) into Mandrill's from_email and from_name.
 *
 * @example parseFrom('Prefcenter <no-reply@example.com>') // { email: 'no-reply@example.com', name: 'Prefcenter' }
 */
export function parseFrom(from: string): { email: string; name?: string } {
  const match = /^\s*"?([^"<]*?)"?\s*<([^>]+)>\s*$/.exec(from)
  if (!match) return { email: from.trim() }
  const name = match[1]!.trim()
  return name ? { email: match[2]!.trim(), name } : { email: match[2]!.trim() }
}

/**
 * Sends through Mailchimp Transactional (Mandrill)'s HTTP API with `fetch`, so it works on
 * Node and on Workers, where SMTP is not available. A message the API rejects (or an HTTP
 * error) throws; the error names the status, never the address.
 *
 * @example
 * const mailer = new MandrillMailer({ apiKey, apiUrl: 'https://mandrillapp.com/api/1.0' }, 'Acme <news@acme.test>')
 * await mailer.send({ to: 'a@example.com', subject: 'Hi', text: 'Hi', html: '<p>Hi</p>' })
 */
export class MandrillMailer implements Mailer {
  private readonly from: { email: string; name?: string }

  constructor(
    private readonly options: MandrillOptions,
    from: string,
  ) {
    this.from = parseFrom(from)
  }

  async send(message: MailMessage): Promise<void> {
    const url = `${this.options.apiUrl.replace(/\/+$/, '')}/messages/send`
    const body = {
      key: this.options.apiKey,
      message: {
        from_email: this.from.email,
        ...(this.from.name ? { from_name: this.from.name } : {}),
        to: [{ email: message.to, type: 'to' }],
        subject: message.subject,
        text: message.text,
        html: message.html,
        headers: message.headers ?? {},
        // Links carry signed tokens: click tracking would rewrite them through Mandrill's domain.
        track_clicks: false,
        track_opens: false,
        auto_text: false,
      },
    }
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(this.options.timeoutMs ?? 15_000),
    })
    const text = await res.text()
    if (!res.ok) throw new UndeliveredError(`Mandrill answered ${res.status}: ${errorName(text)}`)
    let results: unknown
    try {
      results = JSON.parse(text)
    } catch {
      throw new Error('Mandrill answered with something that is not JSON')
    }
    const first = Array.isArray(results)
      ? (results[0] as { status?: string; reject_reason?: string } | undefined)
      : undefined
    if (first?.status === 'rejected' || first?.status === 'invalid') {
      throw new UndeliveredError(
        `Mandrill ${first.status} the message${first.reject_reason ? ` (${first.reject_reason})` : ''}`,
      )
    }
  }
}

/** Mandrill's error body is `{status:'error', name, message}`; only the name is kept (no data). */
function errorName(text: string): string {
  try {
    const parsed = JSON.parse(text) as { name?: unknown }
    if (typeof parsed.name === 'string') return parsed.name.slice(0, 100)
  } catch {}
  return 'error'
}
