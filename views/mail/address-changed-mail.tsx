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
  /** MAIL_REPLY_TO: a reply reaches someone. Unset, the notice promises no reply is read. */
  replyTo?: string | undefined
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
  const notYou = input.replyTo
    ? t(locale, 'mail.addressChanged.notYou')
    : t(locale, 'mail.addressChanged.notYouContact', {
        organization: input.organization.name ?? t(locale, 'mail.addressChanged.sender'),
      })
  const text = [
    greeting(locale, input.name),
    '',
    body,
    '',
    notYou,
    '',
    '-- ',
    ...mailFooterLines(locale, input.organization),
  ].join('\n')
  const html = renderMailHtml(
    <MailLayout locale={locale} title={subject} organization={input.organization}>
      <p>{greeting(locale, input.name)}</p>
      <p>{body}</p>
      <p>{notYou}</p>
    </MailLayout>,
  )
  return {
    to: input.to,
    subject,
    text,
    html,
    ...(input.replyTo ? { headers: { 'Reply-To': input.replyTo } } : {}),
  }
}
