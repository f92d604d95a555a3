import type { Organization } from '../../src/config.js'
import { formatDuration } from '../../src/i18n/duration.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { buttonMail } from './button-mail.js'

export interface AddressChangeMailInput {
  /** The new address, which must confirm. */
  to: string
  name: string | null
  locale: Locale
  confirmUrl: string
  validForMs: number
  organization: Organization
}

/**
 * To the new address: confirm that our mail should go here from now on. Without
 * List-Unsubscribe: this address is on no list yet.
 *
 * @example await mailer.send(await addressChangeMail(input))
 */
export async function addressChangeMail(input: AddressChangeMailInput): Promise<MailMessage> {
  const { locale } = input
  return buttonMail({
    to: input.to,
    locale,
    organization: input.organization,
    subject: t(locale, 'mail.address.subject'),
    greet: { name: input.name },
    body: t(locale, 'mail.address.body'),
    button: t(locale, 'mail.address.button'),
    url: input.confirmUrl,
    notes: [
      t(locale, 'mail.confirm.expiry', { duration: formatDuration(locale, input.validForMs) }),
      t(locale, 'mail.address.ignore'),
    ],
  })
}
