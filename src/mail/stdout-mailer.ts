import type { Mailer, MailMessage } from './mailer.js'

/**
 * Development mail: prints every message, headers and text part, to stdout. Nothing is sent.
 * The addressee is printed because the message is only ever seen by the person running it.
 */
export class StdoutMailer implements Mailer {
  constructor(
    private readonly from: string,
    private readonly write: (text: string) => void = (text) => process.stdout.write(text),
  ) {}

  async send(message: MailMessage): Promise<void> {
    const headers = Object.entries(message.headers ?? {}).map(
      ([name, value]) => `${name}: ${value}`,
    )
    this.write(
      [
        '----- mail (SMTP_URL not set: printed, not sent) -----',
        `From: ${this.from}`,
        `To: ${message.to}`,
        `Subject: ${message.subject}`,
        ...headers,
        '',
        message.text,
        '----- end of mail -----',
        '',
      ].join('\n'),
    )
  }
}
