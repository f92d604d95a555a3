import type { Organization } from '../../src/config.js'
import { formatDuration } from '../../src/i18n/duration.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { buttonMail } from './button-mail.js'

export interface AddressApproveMailInput {
  /** The current address, which must approve the change first. */
  to: string
  name: string | null
  locale: Locale
  /** The new address, partly hidden (`a***@example.com`), as in the notice after a change. */
  maskedNewEmail: string
  approveUrl: string
  validForMs: number
  organization: Organization
}

/**
 * To the current address: someone with the preferences link asked for our mail to go elsewhere.
 * Only this mailbox can let the change go on. Without List-Unsubscribe: it is no list mail.
 *
 * @example await mailer.send(await addressApproveMail(input))
 */
export async function addressApproveMail(input: AddressApproveMailInput): Promise<MailMessage> {
  const { locale } = input
  return buttonMail({
    to: input.to,
    locale,
    organization: input.organization,
    subject: t(locale, 'mail.addressApprove.subject'),
    greet: { name: input.name },
    body: t(locale, 'mail.addressApprove.body', { email: input.maskedNewEmail }),
    button: t(locale, 'mail.addressApprove.button'),
    url: input.approveUrl,
    notes: [
      t(locale, 'mail.confirm.expiry', { duration: formatDuration(locale, input.validForMs) }),
      t(locale, 'mail.addressApprove.ignore'),
    ],
  })
}
