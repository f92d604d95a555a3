/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t, type MessageKey } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

export interface PrivacyDonePageProps {
  locale: Locale
  title: MessageKey
  body: MessageKey
  /** The preferences page to go back to, when the contact still exists. */
  backUrl?: string
}

/** Tells the outcome of a privacy action: erased, restricted, restriction lifted. */
export function PrivacyDonePage({ locale, title, body, backUrl }: PrivacyDonePageProps) {
  return (
    <Layout locale={locale} title={t(locale, title)}>
      <p role="status">{t(locale, body)}</p>
      {backUrl && (
        <p>
          <a href={backUrl}>{t(locale, 'erase.back')}</a>
        </p>
      )}
    </Layout>
  )
}
