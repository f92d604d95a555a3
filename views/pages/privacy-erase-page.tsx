/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { CancelConfirmation } from '../components/cancel-confirmation.js'
import { Layout } from '../layout.js'

export interface PrivacyErasePageProps {
  locale: Locale
  /** Where the form posts: the single-use erase link itself. */
  action: string
  /** The account-cancelling list the person is on, if any: its warning and tick are required. */
  accountListName?: string
  /** Shown when the form came back without the confirmation ticked. */
  error?: string
  /** The form came back: which boxes were ticked, so a tick given is not asked again. */
  ticked?: { confirm: boolean; confirmCancel: boolean }
}

/**
 * The page the one-hour erase link opens: what erasing does, an explicit tick, and for a person
 * on an account-cancelling list the same warning and tick as leaving it. Showing it changes
 * nothing; only the POST erases.
 */
export function PrivacyErasePage({
  locale,
  action,
  accountListName,
  error,
  ticked,
}: PrivacyErasePageProps) {
  // The message is tied to the box that is still missing its tick.
  const missing = (box: boolean | undefined) => (error && !box ? 'erase-error' : undefined)
  return (
    <Layout locale={locale} title={t(locale, 'erase.title')} failed={Boolean(error)}>
      {error && (
        <p role="alert" id="erase-error">
          {error}
        </p>
      )}
      <p>{t(locale, 'erase.intro')}</p>
      <p>{t(locale, 'erase.keep')}</p>
      {accountListName && (
        <p>
          <strong>{t(locale, 'privacy.cancelsAccount', { list: accountListName })}</strong>
        </p>
      )}
      <form method="post" action={action}>
        <div class="confirm-cancel">
          <input
            type="checkbox"
            id="confirm"
            name="confirm"
            value="yes"
            required
            checked={ticked?.confirm ?? false}
            {...(missing(ticked?.confirm)
              ? { 'aria-invalid': 'true', 'aria-describedby': 'erase-error' }
              : {})}
          />
          <label for="confirm">{t(locale, 'erase.check')}</label>
        </div>
        {accountListName && (
          <CancelConfirmation
            locale={locale}
            listName={accountListName}
            describedBy={missing(ticked?.confirmCancel)}
            checked={ticked?.confirmCancel ?? false}
          />
        )}
        <button type="submit" class="danger">
          {t(locale, 'erase.button')}
        </button>
      </form>
    </Layout>
  )
}
