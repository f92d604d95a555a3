import type { Mailer, MailMessage } from './mailer.js'

/** HTTP mail transport arrives with the "runs everywhere" issue. */
export class MandrillMailer implements Mailer {
  constructor(_options: { apiKey: string; apiUrl: string }, _from: string) {}

  async send(_message: MailMessage): Promise<void> {
    throw new Error('the Mandrill transport is not implemented yet')
  }
}
