/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Organization } from '../../src/config.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { greeting, MailLayout, mailFooterLines, renderMailHtml } from './mail-layout.js'

export interface AddressChangedMailInput {
  /** The old address, told after the change. */
  to: string
  name: string | null
  locale: Locale
  /** The new address, partly hidden (`a***@example.com`): the old mailbox may not be theirs. */
  maskedNewEmail: string
  organization: Organization
}

/**
 * To the old address, after the change: where our mail goes now, and what to do if that was
 * not them. No links: nothing here should act for the person.
 *
 * @example await mailer.send(await addressChangedMail(input))
 */
export async function addressChangedMail(input: AddressChangedMailInput): Promise<MailMessage> {
  const { locale } = input
  const subject = t(locale, 'mail.addressChanged.subject')
  const body = t(locale, 'mail.addressChanged.body', { email: input.maskedNewEmail })
  const text = [
    greeting(locale, input.name),
    '',
    body,
    '',
    t(locale, 'mail.addressChanged.notYou'),
    '',
    '-- ',
    ...mailFooterLines(locale, input.organization),
  ].join('\n')
  const html = renderMailHtml(
    <MailLayout locale={locale} title={subject} organization={input.organization}>
      <p>{greeting(locale, input.name)}</p>
      <p>{body}</p>
      <p>{t(locale, 'mail.addressChanged.notYou')}</p>
    </MailLayout>,
  )
  return { to: input.to, subject, text, html }
}
