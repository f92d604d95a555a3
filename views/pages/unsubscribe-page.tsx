/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Child } from '#jsx/jsx-runtime'
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
    <Layout locale={locale} title={t(locale, 'unsubscribe.title')} failed={Boolean(error)}>
      {error && (
        <p class="warning" role="alert" id="unsubscribe-error">
          {error}
        </p>
      )}
      <p>
        {listName ? t(locale, 'unsubscribe.one', { list: listName }) : t(locale, 'unsubscribe.all')}
      </p>
      <form method="post">
        {cancelsAccount && listName && (
          <CancelConfirmation
            locale={locale}
            listName={listName}
            describedBy={error ? 'unsubscribe-error' : undefined}
          />
        )}
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
      <PreferencesLink locale={locale} href={preferencesUrl} />
    </Layout>
  )
}

/**
 * A spent or pointless unsubscribe link: the current state first ("You left … on 3 March"), no
 * button to press again.
 */
export function AlreadyUnsubscribedPage({
  locale,
  message,
  preferencesUrl,
  failed = false,
  children,
}: {
  locale: Locale
  message: string
  preferencesUrl: string
  /** The question why came back refused: the browser tab says so. */
  failed?: boolean
  /** Within the half hour after leaving: undo and the question why. */
  children?: Child
}) {
  return (
    <Layout locale={locale} title={t(locale, 'unsubscribed.title')} failed={failed}>
      <Notice>{message}</Notice>
      {children}
      <PreferencesLink locale={locale} href={preferencesUrl} />
    </Layout>
  )
}

export interface UnsubscribedPageProps {
  locale: Locale
  /** The one list's name, or undefined for an all-lists link. */
  listName?: string
  /** All-lists link: the names of the lists this request left. */
  stopped: string[]
  /** Account-cancelling lists an all-lists link did not leave; each gets its confirm form. */
  kept: string[]
  cancellationRequested: boolean
  preferencesUrl: string
  /** Offers that follow the outcome (the reason for leaving, undo). */
  children?: Child
}

/**
 * The answer to the POST (200, never a redirect): exactly what stopped, what continues and
 * why, so nobody reads "no more mail" and then gets security notices.
 */
export function UnsubscribedPage({
  locale,
  listName,
  stopped,
  kept,
  cancellationRequested,
  preferencesUrl,
  children,
}: UnsubscribedPageProps) {
  return (
    <Layout locale={locale} title={t(locale, 'unsubscribed.title')}>
      {listName ? (
        <Notice kind="ok">{t(locale, 'unsubscribed.one', { list: listName })}</Notice>
      ) : stopped.length === 0 && kept.length === 0 ? (
        <Notice>{t(locale, 'unsubscribed.nothing')}</Notice>
      ) : (
        <>
          {stopped.length > 0 && (
            <div role="status">
              <p>{t(locale, 'unsubscribed.stopped')}</p>
              <NameList names={stopped} />
            </div>
          )}
          {kept.length > 0 && (
            <>
              <p>{t(locale, 'unsubscribed.continues')}</p>
              <NameList names={kept} />
            </>
          )}
        </>
      )}
      {cancellationRequested && <p>{t(locale, 'cancel.requested')}</p>}
      <KeptListForms locale={locale} kept={kept} idPrefix="confirm_cancel_" />
      {children}
      <PreferencesLink locale={locale} href={preferencesUrl} />
    </Layout>
  )
}

function NameList({ names }: { names: string[] }) {
  return (
    <ul class="plain">
      {names.map((name) => (
        <li>{name}</li>
      ))}
    </ul>
  )
}

function PreferencesLink({ locale, href }: { locale: Locale; href: string }) {
  return (
    <p>
      <a href={href}>{t(locale, 'unsubscribe.preferences')}</a>
    </p>
  )
}
