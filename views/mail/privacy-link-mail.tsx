import type { Organization } from '../../src/config.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { buttonMail } from './button-mail.js'

export interface PrivacyLinkMailInput {
  to: string
  locale: Locale
  action: 'export' | 'erase'
  /** The one-hour, single-use link. */
  url: string
  organization: Organization
}

/**
 * The mail behind download-my-data and erase-my-data: one short-lived, single-use link. No
 * greeting by name and no List-Unsubscribe: it is a reply to the person's own request.
 *
 * @example await mailer.send(await privacyLinkMail({ to, locale: 'en', action: 'erase', url, organization }))
 */
export async function privacyLinkMail(input: PrivacyLinkMailInput): Promise<MailMessage> {
  const { locale, action } = input
  return buttonMail({
    to: input.to,
    locale,
    organization: input.organization,
    subject: t(locale, `mail.privacy.${action}.subject`),
    body: t(locale, `mail.privacy.${action}.body`),
    button: t(locale, `mail.privacy.${action}.button`),
    url: input.url,
    notes: [t(locale, 'mail.privacy.ignore')],
  })
}
