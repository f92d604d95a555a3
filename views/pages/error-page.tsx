import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

export interface ErrorPageProps {
  locale: Locale
  code: string
  message: string
}

export function ErrorPage({ locale, code, message }: ErrorPageProps) {
  return (
    <Layout locale={locale} title={t(locale, 'error.title')}>
      <p role="alert">{message}</p>
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
