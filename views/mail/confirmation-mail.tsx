/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Organization } from '../../src/config.js'
import { formatDuration } from '../../src/i18n/duration.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { greeting, MailButton, MailLayout, mailFooterLines, renderMailHtml } from './mail-layout.js'

export interface ConfirmationMailInput {
  to: string
  name: string | null
  locale: Locale
  /** Translated names of the lists the link confirms. */
  listNames: string[]
  confirmUrl: string
  /** How long the link works, in milliseconds. */
  validForMs: number
  organization: Organization
}

/**
 * The double opt-in mail. Deliberately without List-Unsubscribe: the person is on no list yet,
 * and a one-click POST by a mail client must not be mistaken for anything.
 *
 * @example await mailer.send(await confirmationMail({ to, name: null, locale: 'en', listNames, confirmUrl, validForMs: 7 * 86_400_000, organization }))
 */
export async function confirmationMail(input: ConfirmationMailInput): Promise<MailMessage> {
  const { locale } = input
  const expiry = t(locale, 'mail.confirm.expiry', {
    duration: formatDuration(locale, input.validForMs),
  })
  const subject = t(locale, 'mail.confirm.subject')
  const text = [
    greeting(locale, input.name),
    '',
    t(locale, 'mail.confirm.body'),
    ...input.listNames.map((name) => `- ${name}`),
    '',
    `${t(locale, 'mail.confirm.button')}:`,
    input.confirmUrl,
    '',
    expiry,
    t(locale, 'mail.confirm.ignore'),
    '',
    '-- ',
    ...mailFooterLines(locale, input.organization),
  ].join('\n')
  const html = renderMailHtml(
    <MailLayout locale={locale} title={subject} organization={input.organization}>
      <p>{greeting(locale, input.name)}</p>
      <p>{t(locale, 'mail.confirm.body')}</p>
      <ul>
        {input.listNames.map((name) => (
          <li>{name}</li>
        ))}
      </ul>
      <MailButton href={input.confirmUrl} locale={locale}>
        {t(locale, 'mail.confirm.button')}
      </MailButton>
      <p>{expiry}</p>
      <p>{t(locale, 'mail.confirm.ignore')}</p>
    </MailLayout>,
  )
  return { to: input.to, subject, text, html }
}
