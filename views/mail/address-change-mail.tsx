/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Organization } from '../../src/config.js'
import { formatDuration } from '../../src/i18n/duration.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { greeting, MailButton, MailLayout, mailFooterLines, renderMailHtml } from './mail-layout.js'

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
  const subject = t(locale, 'mail.address.subject')
  const expiry = t(locale, 'mail.confirm.expiry', {
    duration: formatDuration(locale, input.validForMs),
  })
  const text = [
    greeting(locale, input.name),
    '',
    t(locale, 'mail.address.body'),
    '',
    `${t(locale, 'mail.address.button')}:`,
    input.confirmUrl,
    '',
    expiry,
    t(locale, 'mail.address.ignore'),
    '',
    '-- ',
    ...mailFooterLines(locale, input.organization),
  ].join('\n')
  const html = renderMailHtml(
    <MailLayout locale={locale} title={subject} organization={input.organization}>
      <p>{greeting(locale, input.name)}</p>
      <p>{t(locale, 'mail.address.body')}</p>
      <MailButton href={input.confirmUrl} locale={locale}>
        {t(locale, 'mail.address.button')}
      </MailButton>
      <p>{expiry}</p>
      <p>{t(locale, 'mail.address.ignore')}</p>
    </MailLayout>,
  )
  return { to: input.to, subject, text, html }
}
