/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { greeting, MailButton, MailLayout, renderMailHtml } from './mail-layout.js'

export interface ConfirmationMailInput {
  to: string
  name: string | null
  locale: Locale
  /** Translated names of the lists the link confirms. */
  listNames: string[]
  confirmUrl: string
  validDays: number
}

/**
 * The double opt-in mail. Deliberately without List-Unsubscribe: the person is on no list yet,
 * and a one-click POST by a mail client must not be mistaken for anything.
 *
 * @example await mailer.send(await confirmationMail({ to, name: null, locale: 'en', listNames, confirmUrl, validDays: 7 }))
 */
export async function confirmationMail(input: ConfirmationMailInput): Promise<MailMessage> {
  const { locale } = input
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
    t(locale, 'mail.confirm.expiry', { days: input.validDays }),
    t(locale, 'mail.confirm.ignore'),
    '',
    '-- ',
    t(locale, 'mail.footer', { app: t(locale, 'app.name') }),
  ].join('\n')
  const html = await renderMailHtml(
    <MailLayout locale={locale} title={subject}>
      <p>{greeting(locale, input.name)}</p>
      <p>{t(locale, 'mail.confirm.body')}</p>
      <ul>
        {input.listNames.map((name) => (
          <li>{name}</li>
        ))}
      </ul>
      <MailButton href={input.confirmUrl}>{t(locale, 'mail.confirm.button')}</MailButton>
      <p>{t(locale, 'mail.confirm.expiry', { days: input.validDays })}</p>
      <p>{t(locale, 'mail.confirm.ignore')}</p>
    </MailLayout>,
  )
  return { to: input.to, subject, text, html }
}
