/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { SubscriptionStatus } from '../../src/db/schema.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { CancelConfirmation, KeptListForms } from '../components/cancel-confirmation.js'
import { Notice } from '../components/notice.js'
import { Layout } from '../layout.js'

export interface PreferenceRow {
  id: string
  name: string
  description: string
  status: SubscriptionStatus | null
  cancelsAccount: boolean
}

export interface PreferencesPageProps {
  locale: Locale
  /** `/preferences/<token>`: the forms of the "Your data" section post below it. */
  basePath: string
  rows: PreferenceRow[]
  restricted: boolean
  saved?: boolean
  /** Shown after a refused save. */
  error?: string
  /** Account-cancelling lists that unsubscribe-from-all kept; each gets its confirm form. */
  kept?: string[]
}

const statusKey = {
  subscribed: 'status.subscribed',
  pending: 'status.pending',
  unsubscribed: 'status.unsubscribed',
} as const

/**
 * `GET /preferences/:token`: every list with its status and a box, save, unsubscribe from all,
 * and the person's data rights (export, erase, restrict; handled by the privacy routes).
 */
export function PreferencesPage(props: PreferencesPageProps) {
  const { locale, basePath, rows, restricted, saved, error, kept = [] } = props
  const cancelling = rows.filter(
    (row) => row.cancelsAccount && (row.status === 'subscribed' || row.status === 'pending'),
  )
  return (
    <Layout locale={locale} title={t(locale, 'prefs.title')}>
      {saved && <Notice kind="ok">{t(locale, 'prefs.saved')}</Notice>}
      {error && (
        <p class="warning" role="alert">
          {error}
        </p>
      )}
      {restricted && <Notice>{t(locale, 'prefs.restrictedNow')}</Notice>}
      <KeptListForms
        locale={locale}
        kept={kept}
        idPrefix="kept_confirm_"
        action="unsubscribe_all"
      />
      <p>{t(locale, 'prefs.intro')}</p>
      <form method="post">
        <input type="hidden" name="action" value="save" />
        <fieldset>
          <legend>{t(locale, 'prefs.lists')}</legend>
          {rows.map((row) => (
            <div class="choice">
              <input
                type="checkbox"
                id={`list-${row.id}`}
                name="lists"
                value={row.id}
                checked={row.status === 'subscribed' || row.status === 'pending'}
              />
              <label for={`list-${row.id}`}>
                {row.name}
                <span class="description">{row.description}</span>
                <span class={`status status-${row.status ?? 'none'}`}>
                  {t(locale, 'prefs.status')}:{' '}
                  {t(locale, row.status ? statusKey[row.status] : 'status.none')}
                </span>
              </label>
            </div>
          ))}
        </fieldset>
        {cancelling.map((row) => (
          <CancelConfirmation locale={locale} listName={row.name} id={`confirm_cancel_${row.id}`} />
        ))}
        <p>
          <button type="submit">{t(locale, 'prefs.save')}</button>
        </p>
      </form>

      <h2>{t(locale, 'prefs.unsubscribeAllHeading')}</h2>
      <form method="post">
        <input type="hidden" name="action" value="unsubscribe_all" />
        <p class="small">{t(locale, 'prefs.unsubscribeAllHelp')}</p>
        <button type="submit" class="secondary">
          {t(locale, 'prefs.unsubscribeAll')}
        </button>
      </form>

      <h2>{t(locale, 'prefs.dataHeading')}</h2>
      <p class="small">{t(locale, 'prefs.privacyByMail')}</p>
      <div class="data-actions">
        <form method="post" action={`${basePath}/export`}>
          <button type="submit" class="secondary">
            {t(locale, 'prefs.export')}
          </button>{' '}
          <span class="small">{t(locale, 'prefs.exportHelp')}</span>
        </form>
        <form method="post" action={`${basePath}/restrict`}>
          <input type="hidden" name="restricted" value={restricted ? '0' : '1'} />
          <button type="submit" class="secondary">
            {t(locale, restricted ? 'prefs.unrestrict' : 'prefs.restrict')}
          </button>{' '}
          <span class="small">{t(locale, 'prefs.restrictHelp')}</span>
        </form>
        <p>
          <a href={`${basePath}/erase`}>{t(locale, 'prefs.erase')}</a>{' '}
          <span class="small">{t(locale, 'prefs.eraseHelp')}</span>
        </p>
      </div>
    </Layout>
  )
}
