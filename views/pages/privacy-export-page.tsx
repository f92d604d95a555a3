/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

/**
 * The page the one-hour download link opens: one button. A GET must not spend the link (mail
 * scanners open every link), so only the button's POST downloads.
 */
export function PrivacyExportPage({ locale, action }: { locale: Locale; action: string }) {
  return (
    <Layout locale={locale} title={t(locale, 'privacy.export.title')}>
      <p>{t(locale, 'privacy.export.intro')}</p>
      <form method="post" action={action}>
        <button type="submit">{t(locale, 'privacy.export.button')}</button>
      </form>
    </Layout>
  )
}
