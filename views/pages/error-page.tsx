/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

export interface ErrorPageProps {
  locale: Locale
  code: string
  message: string
  title?: string
  /** Where to ask for a fresh link, for links that an address change or a use made stale. */
  newLinkHref?: string
}

/** The friendly page for any error code: what went wrong in words, the code for support. */
export function ErrorPage({ locale, code, message, title, newLinkHref }: ErrorPageProps) {
  return (
    <Layout locale={locale} title={title ?? t(locale, 'error.title')}>
      <p role="alert">{message}</p>
      {newLinkHref && (
        <p>
          <a href={newLinkHref}>{t(locale, 'error.newLink')}</a>
        </p>
      )}
      <p>
        <small>
          {t(locale, 'error.code')}: <code>{code}</code>
        </small>
      </p>
      <p>
        <a href="/">{t(locale, 'error.home')}</a>
      </p>
    </Layout>
  )
}
