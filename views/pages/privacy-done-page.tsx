/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { tp, type PrivacyMessageKey } from '../../src/i18n/privacy-messages.js'
import { Layout } from '../layout.js'

export interface PrivacyDonePageProps {
  locale: Locale
  title: PrivacyMessageKey
  body: PrivacyMessageKey
  /** The preferences page to go back to, when the contact still exists. */
  backUrl?: string
}

/** Tells the outcome of a privacy action: erased, restricted, restriction lifted. */
export function PrivacyDonePage({ locale, title, body, backUrl }: PrivacyDonePageProps) {
  return (
    <Layout locale={locale} title={tp(locale, title)}>
      <p role="status">{tp(locale, body)}</p>
      {backUrl && (
        <p>
          <a href={backUrl}>{tp(locale, 'erase.back')}</a>
        </p>
      )}
    </Layout>
  )
}
