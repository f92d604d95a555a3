/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Organization } from '../../src/config.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { ListUnsubscribeHeaders } from '../../src/domain/links/links.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { greeting, MailButton, MailLayout, mailFooterLines, renderMailHtml } from './mail-layout.js'

export interface PreferencesLinkMailInput {
  to: string
  name: string | null
  locale: Locale
  preferencesUrl: string
  unsubscribeAllUrl: string
  /** List-Unsubscribe headers for the all-lists link. */
  headers: ListUnsubscribeHeaders
  organization: Organization
}

/**
 * The mail `/manage` sends: the signed preferences link, and an unsubscribe-from-all link in
 * the body and in the List-Unsubscribe headers.
 *
 * @example await mailer.send(await preferencesLinkMail(input))
 */
export async function preferencesLinkMail(input: PreferencesLinkMailInput): Promise<MailMessage> {
  const { locale } = input
  const subject = t(locale, 'mail.manage.subject')
  const text = [
    greeting(locale, input.name),
    '',
    t(locale, 'mail.manage.body'),
    '',
    `${t(locale, 'mail.manage.button')}:`,
    input.preferencesUrl,
    '',
    t(locale, 'mail.manage.ignore'),
    '',
    '-- ',
    ...mailFooterLines(locale, input.organization),
    `${t(locale, 'mail.unsubscribe')}: ${input.unsubscribeAllUrl}`,
  ].join('\n')
  const html = renderMailHtml(
    <MailLayout
      locale={locale}
      title={subject}
      organization={input.organization}
      footer={
        <p>
          <a href={input.unsubscribeAllUrl}>{t(locale, 'mail.unsubscribe')}</a>
        </p>
      }
    >
      <p>{greeting(locale, input.name)}</p>
      <p>{t(locale, 'mail.manage.body')}</p>
      <MailButton href={input.preferencesUrl} locale={locale}>
        {t(locale, 'mail.manage.button')}
      </MailButton>
      <p>{t(locale, 'mail.manage.ignore')}</p>
    </MailLayout>,
  )
  return { to: input.to, subject, text, html, headers: { ...input.headers } }
}
