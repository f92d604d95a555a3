/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { CancelConfirmation } from '../components/cancel-confirmation.js'
import { Layout } from '../layout.js'

export interface PrivacyRestrictPageProps {
  locale: Locale
  basePath: string
  accountListName: string
  error?: string
}

/**
 * Restricting a person on an account-cancelling list stops the account's security notices:
 * the consequence in words and the same explicit tick as leaving that list.
 */
export function PrivacyRestrictPage(props: PrivacyRestrictPageProps) {
  const { locale, basePath, accountListName, error } = props
  return (
    <Layout locale={locale} title={t(locale, 'prefs.restrict')} failed={Boolean(error)}>
      {error && (
        <p class="warning" role="alert" id="restrict-error">
          {error}
        </p>
      )}
      <p>{t(locale, 'prefs.restrictHelp')}</p>
      <p>
        <strong>{t(locale, 'privacy.cancelsAccount', { list: accountListName })}</strong>
      </p>
      <form method="post" action={`${basePath}/restrict`}>
        <input type="hidden" name="restricted" value="1" />
        <input type="hidden" name="confirming" value="yes" />
        <CancelConfirmation
          locale={locale}
          listName={accountListName}
          describedBy={error ? 'restrict-error' : undefined}
        />
        <button type="submit" class="danger">
          {t(locale, 'prefs.restrict')}
        </button>
      </form>
      <p>
        <a href={basePath}>{t(locale, 'erase.back')}</a>
      </p>
    </Layout>
  )
}
