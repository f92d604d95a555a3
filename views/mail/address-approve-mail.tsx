/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Organization } from '../../src/config.js'
import { formatDuration } from '../../src/i18n/duration.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { greeting, MailButton, MailLayout, mailFooterLines, renderMailHtml } from './mail-layout.js'

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
  const subject = t(locale, 'mail.addressApprove.subject')
  const body = t(locale, 'mail.addressApprove.body', { email: input.maskedNewEmail })
  const expiry = t(locale, 'mail.confirm.expiry', {
    duration: formatDuration(locale, input.validForMs),
  })
  const text = [
    greeting(locale, input.name),
    '',
    body,
    '',
    `${t(locale, 'mail.addressApprove.button')}:`,
    input.approveUrl,
    '',
    expiry,
    t(locale, 'mail.addressApprove.ignore'),
    '',
    '-- ',
    ...mailFooterLines(locale, input.organization),
  ].join('\n')
  const html = renderMailHtml(
    <MailLayout locale={locale} title={subject} organization={input.organization}>
      <p>{greeting(locale, input.name)}</p>
      <p>{body}</p>
      <MailButton href={input.approveUrl} locale={locale}>
        {t(locale, 'mail.addressApprove.button')}
      </MailButton>
      <p>{expiry}</p>
      <p>{t(locale, 'mail.addressApprove.ignore')}</p>
    </MailLayout>,
  )
  return { to: input.to, subject, text, html }
}
