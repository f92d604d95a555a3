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
