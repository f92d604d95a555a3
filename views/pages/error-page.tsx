/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

export interface ErrorPageProps {
  locale: Locale
  message: string
  title: string
}

/**
 * The friendly page for any error: a title and a sentence in words. The code stays in the JSON
 * envelope for programs; people get nothing they would have to look up.
 */
export function ErrorPage({ locale, message, title }: ErrorPageProps) {
  return (
    <Layout locale={locale} title={title}>
      <p role="alert">{message}</p>
      <p>
        <a href="/">{t(locale, 'error.home')}</a>
      </p>
    </Layout>
  )
}
