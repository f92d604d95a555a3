/** A message ready to send: both parts, and any extra headers (List-Unsubscribe and friends). */
export interface MailMessage {
  to: string
  subject: string
  text: string
  html: string
  headers?: Record<string, string>
}

/** Sends mail. Adapters: SMTP and stdout on Node, an HTTP API on both runtimes. */
export interface Mailer {
  send(message: MailMessage): Promise<void>
}

/**
 * A send that certainly delivered nothing: no connection, or the server or API refused it. A
 * send that failed otherwise (a timeout after the message went) may have been delivered, so
 * only this one gives its mail back to the daily limit (a review: refunding every failure let a
 * slow relay mail a victim without limit).
 */
export class UndeliveredError extends Error {}
