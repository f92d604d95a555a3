/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { CancelConfirmation, KeptListForms } from '../components/cancel-confirmation.js'
import { Notice } from '../components/notice.js'
import { Layout } from '../layout.js'

export interface UnsubscribePageProps {
  locale: Locale
  /** The one list's name, or undefined for an all-lists link. */
  listName?: string
  /** Set when leaving the list cancels the account: the page then asks for the explicit tick. */
  cancelsAccount: boolean
  /** All-lists link: account-cancelling lists the person is on; left only if they tick the box. */
  keptUnlessConfirmed?: string[]
  preferencesUrl: string
  /** Shown after a refused POST (the tick was missing). */
  error?: string
}

/** `GET /unsubscribe/:token`: one button (posting to the same URL) and the preferences link. */
export function UnsubscribePage(props: UnsubscribePageProps) {
  const {
    locale,
    listName,
    cancelsAccount,
    keptUnlessConfirmed = [],
    preferencesUrl,
    error,
  } = props
  return (
    <Layout locale={locale} title={t(locale, 'unsubscribe.title')}>
      {error && (
        <p class="warning" role="alert">
          {error}
        </p>
      )}
      <p>
        {listName ? t(locale, 'unsubscribe.one', { list: listName }) : t(locale, 'unsubscribe.all')}
      </p>
      <form method="post">
        {cancelsAccount && listName && <CancelConfirmation locale={locale} listName={listName} />}
        {keptUnlessConfirmed.map((name, index) => (
          <>
            <p>{t(locale, 'unsubscribe.keepsAccount', { list: name })}</p>
            <CancelConfirmation locale={locale} listName={name} id={`confirm_cancel_${index}`} />
          </>
        ))}
        <p>
          <button type="submit" class={cancelsAccount ? 'danger' : undefined}>
            {t(locale, cancelsAccount ? 'cancel.button' : 'unsubscribe.button')}
          </button>
        </p>
      </form>
      <p>
        <a href={preferencesUrl}>{t(locale, 'unsubscribe.preferences')}</a>
      </p>
    </Layout>
  )
}

export interface UnsubscribedPageProps {
  locale: Locale
  listName?: string
  /** Account-cancelling lists an all-lists link did not leave; each gets its confirm form. */
  kept: string[]
  cancellationRequested: boolean
  preferencesUrl: string
}

/** The answer to the POST (200, never a redirect). */
export function UnsubscribedPage({
  locale,
  listName,
  kept,
  cancellationRequested,
  preferencesUrl,
}: UnsubscribedPageProps) {
  return (
    <Layout locale={locale} title={t(locale, 'unsubscribed.title')}>
      <Notice kind="ok">
        {listName
          ? t(locale, 'unsubscribed.one', { list: listName })
          : t(locale, 'unsubscribed.all')}
      </Notice>
      {cancellationRequested && <p>{t(locale, 'cancel.requested')}</p>}
      <KeptListForms locale={locale} kept={kept} idPrefix="confirm_cancel_" />
      <p>
        <a href={preferencesUrl}>{t(locale, 'unsubscribe.preferences')}</a>
      </p>
    </Layout>
  )
}
