/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Organization } from '../../src/config.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { MailButton, MailLayout, mailFooterLines, renderMailHtml } from './mail-layout.js'

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
  const subject = t(locale, `mail.privacy.${action}.subject`)
  const text = [
    t(locale, `mail.privacy.${action}.body`),
    '',
    `${t(locale, `mail.privacy.${action}.button`)}:`,
    input.url,
    '',
    t(locale, 'mail.privacy.ignore'),
    '',
    '-- ',
    ...mailFooterLines(locale, input.organization),
  ].join('\n')
  const html = renderMailHtml(
    <MailLayout locale={locale} title={subject} organization={input.organization}>
      <p>{t(locale, `mail.privacy.${action}.body`)}</p>
      <MailButton href={input.url} locale={locale}>
        {t(locale, `mail.privacy.${action}.button`)}
      </MailButton>
      <p>{t(locale, 'mail.privacy.ignore')}</p>
    </MailLayout>,
  )
  return { to: input.to, subject, text, html }
}
