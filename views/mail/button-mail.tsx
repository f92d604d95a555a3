/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Organization } from '../../src/config.js'
import type { Locale } from '../../src/i18n/locale.js'
import type { MailMessage } from '../../src/mail/mailer.js'
import { greeting, MailButton, MailLayout, mailFooterLines, renderMailHtml } from './mail-layout.js'

export interface ButtonMailParts {
  to: string
  locale: Locale
  organization: Organization
  subject: string
  /** Greet (by this name, or plainly when null); leave out to open with the body. */
  greet?: { name: string | null }
  body: string
  /** The button's words; the text part writes them before the link. */
  button: string
  url: string
  /** Lines after the button: how long the link works, what to do if it was not you. */
  notes: string[]
}

/**
 * A mail whose point is one link: a body, the button (a plain link in the text part), notes,
 * and the footer, as text and HTML alike. No List-Unsubscribe: it answers the person's request.
 *
 * @example return buttonMail({ to, locale, organization, subject, body, button, url, notes: [] })
 */
export function buttonMail(parts: ButtonMailParts): MailMessage {
  const { locale } = parts
  const opening = parts.greet ? greeting(locale, parts.greet.name) : undefined
  const text = [
    ...(opening === undefined ? [] : [opening, '']),
    parts.body,
    '',
    `${parts.button}:`,
    parts.url,
    '',
    ...parts.notes,
    '',
    '-- ',
    ...mailFooterLines(locale, parts.organization),
  ].join('\n')
  const html = renderMailHtml(
    <MailLayout locale={locale} title={parts.subject} organization={parts.organization}>
      {opening !== undefined && <p>{opening}</p>}
      <p>{parts.body}</p>
      <MailButton href={parts.url} locale={locale}>
        {parts.button}
      </MailButton>
      {parts.notes.map((note) => (
        <p>{note}</p>
      ))}
    </MailLayout>,
  )
  return { to: parts.to, subject: parts.subject, text, html }
}
