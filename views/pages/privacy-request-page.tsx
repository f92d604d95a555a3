/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

export interface PrivacyRequestPageProps {
  locale: Locale
  /** The preferences page this request belongs to. */
  basePath: string
  /** The account-cancelling list the person is on, if any: erasing cancels the account. */
  accountListName?: string
}

/**
 * Erase-my-data from the preferences page: says what erasing does and that the actual erase
 * link is mailed to the address (one hour, single use). The button only sends that mail.
 */
export function PrivacyRequestPage({ locale, basePath, accountListName }: PrivacyRequestPageProps) {
  return (
    <Layout locale={locale} title={t(locale, 'erase.title')}>
      <p>{t(locale, 'erase.intro')}</p>
      {accountListName && (
        <p>
          <strong>{t(locale, 'privacy.cancelsAccount', { list: accountListName })}</strong>
        </p>
      )}
      <p>{t(locale, 'prefs.privacyByMail')}</p>
      <form method="post" action={`${basePath}/erase`}>
        <button type="submit" class="danger">
          {t(locale, 'mail.privacy.erase.button')}
        </button>
      </form>
      <p>
        <a href={basePath}>{t(locale, 'erase.back')}</a>
      </p>
    </Layout>
  )
}
