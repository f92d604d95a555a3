/** @jsxRuntime automatic @jsxImportSource #jsx */
import { type Child, type HtmlElement, renderToString } from '#jsx/jsx-runtime'
import type { Organization } from '../../src/config.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'

/** Mail clients ignore stylesheets, so mail (unlike pages) is styled inline. */
const styles = {
  body: 'margin:0;padding:24px;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1b1f24',
  card: 'max-width:560px;margin:0 auto;background:#ffffff;border-radius:8px;padding:24px;line-height:1.5',
  button:
    'display:inline-block;padding:12px 20px;background:#0b57d0;color:#ffffff;text-decoration:none;border-radius:6px;font-weight:bold',
  footer: 'max-width:560px;margin:16px auto 0;font-size:12px;color:#4a5563;text-align:center',
  fallback: 'font-size:13px;color:#4a5563;word-break:break-all',
}

/**
 * The footer lines that say who sends: the organisation and its postal address (commercial mail
 * must carry one), or the neutral line when neither is configured.
 *
 * @example mailFooterLines('en', { name: 'IXO Oy', address: 'Helsinki' }) // ['This message was sent by IXO Oy.', 'Helsinki']
 */
export function mailFooterLines(locale: Locale, organization: Organization): string[] {
  const sender = organization.name
    ? t(locale, 'mail.footerOrganization', { organization: organization.name })
    : t(locale, 'mail.footer', { app: t(locale, 'app.name') })
  return organization.address ? [sender, organization.address] : [sender]
}

/** The HTML mail shell; `organization` is required so no mail can leave without its sender. */
export function MailLayout({
  locale,
  title,
  organization,
  children,
  footer,
}: {
  locale: Locale
  title: string
  organization: Organization
  children?: Child
  footer?: Child
}) {
  return (
    <html lang={locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
      </head>
      <body style={styles.body}>
        <div style={styles.card}>{children}</div>
        <div style={styles.footer}>
          {mailFooterLines(locale, organization).map((line) => (
            <p>{line}</p>
          ))}
          {footer}
        </div>
      </body>
    </html>
  )
}

/**
 * The main action of a mail, with the link written out below it: some clients hide buttons or
 * block links, and the person can still copy the address.
 */
export function MailButton({
  href,
  locale,
  children,
}: {
  href: string
  locale: Locale
  children?: Child
}) {
  return (
    <>
      <p>
        <a href={href} style={styles.button}>
          {children}
        </a>
      </p>
      <p style={styles.fallback}>
        {t(locale, 'mail.fallback')}
        <br />
        <a href={href}>{href}</a>
      </p>
    </>
  )
}

/** Renders a mail component to the HTML part. */
export function renderMailHtml(mail: HtmlElement): string {
  return `<!doctype html>${renderToString(mail)}`
}

/** Hello, or hello with the name the person gave. */
export function greeting(locale: Locale, name: string | null | undefined): string {
  return name && !looksLikeLink(name)
    ? t(locale, 'mail.helloName', { name })
    : t(locale, 'mail.hello')
}

/** Any of the dots a domain may be written with (mail clients and browsers accept them all). */
const DOT = '[.\u3002\uFF0E\uFF61\u2024]'
const LINK_LIKE = new RegExp(
  `://|(?<![\\p{L}\\p{N}])www${DOT}|@|[\\p{L}\\p{N}-]${DOT}\\p{L}{2,}(?![\\p{L}\\p{N}])`,
  'iu',
)

/**
 * Whether a name holds what a mail client would turn into a link: a scheme, `www.`, an address
 * or a domain (`evil.example`, `пример.рф`). Such a name is left out of the greeting: a name is
 * text someone else may have typed (a sign-up in another's name, an API caller passing on what
 * a user wrote), and our mails must not carry a stranger's link. Names like "J.Smith" are left
 * out too, which costs nothing but a plainer greeting.
 *
 * @example looksLikeLink('Restore it at evil.example') // true
 */
export function looksLikeLink(name: string): boolean {
  return LINK_LIKE.test(name)
}
