/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

export interface ErrorPageProps {
  locale: Locale
  message: string
  title: string
  /** Where to ask for a fresh link, for links that an address change or a use made stale. */
  newLinkHref?: string
}

/**
 * The friendly page for any error: a title and a sentence in words. The code stays in the JSON
 * envelope for programs; people get nothing they would have to look up.
 */
export function ErrorPage({ locale, message, title, newLinkHref }: ErrorPageProps) {
  return (
    <Layout locale={locale} title={title}>
      <p role="alert">{message}</p>
      {newLinkHref && (
        <p>
          <a href={newLinkHref}>{t(locale, 'error.newLink')}</a>
        </p>
      )}
      <p>
        <a href="/">{t(locale, 'error.home')}</a>
      </p>
    </Layout>
  )
}
