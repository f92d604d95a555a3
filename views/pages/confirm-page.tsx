/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

/**
 * `GET /confirm/:token`: one button. Mail scanners open links; only a person presses it, and
 * only the POST changes anything. The form posts back to the page's own URL.
 */
export function ConfirmPage({ locale, listNames }: { locale: Locale; listNames: string[] }) {
  return (
    <Layout locale={locale} title={t(locale, 'confirm.title')}>
      {listNames.length > 0 ? (
        <>
          <p>{t(locale, 'confirm.body')}</p>
          <ul class="plain">
            {listNames.map((name) => (
              <li>{name}</li>
            ))}
          </ul>
        </>
      ) : (
        <p>{t(locale, 'confirm.bodyNone')}</p>
      )}
      <form method="post">
        <button type="submit">{t(locale, 'confirm.button')}</button>
      </form>
    </Layout>
  )
}

/**
 * `GET /confirm/:token` when nothing is left to confirm (a used link): the current state first,
 * and no button, since pressing it would change nothing.
 */
export function AlreadyConfirmedPage({
  locale,
  subscribed,
  preferencesUrl,
}: {
  locale: Locale
  /** The link's lists the person is on now. */
  subscribed: string[]
  preferencesUrl: string
}) {
  return (
    <Layout locale={locale} title={t(locale, 'confirm.alreadyTitle')}>
      <ListsNow
        locale={locale}
        intro={t(locale, 'confirm.already')}
        listNames={subscribed}
        preferencesUrl={preferencesUrl}
      />
    </Layout>
  )
}

/** After the POST: what the person now receives, and the way to their preferences. */
export function ConfirmedPage({
  locale,
  listNames,
  preferencesUrl,
}: {
  locale: Locale
  listNames: string[]
  preferencesUrl: string
}) {
  return (
    <Layout
      locale={locale}
      title={t(locale, listNames.length > 0 ? 'confirmed.title' : 'confirm.title')}
    >
      <ListsNow
        locale={locale}
        intro={t(locale, 'confirmed.body')}
        listNames={listNames}
        preferencesUrl={preferencesUrl}
      />
    </Layout>
  )
}

/** 410 for an expired confirm link: a button that mails a fresh link to the same address. */
export function ExpiredPage({ locale, resendAction }: { locale: Locale; resendAction: string }) {
  return (
    <Layout locale={locale} title={t(locale, 'expired.title')}>
      <p>{t(locale, 'expired.body')}</p>
      <form method="post" action={resendAction}>
        <button type="submit">{t(locale, 'expired.button')}</button>
      </form>
    </Layout>
  )
}

/** What a confirm link leaves the person on, as a status, and the way to their preferences. */
function ListsNow({
  locale,
  intro,
  listNames,
  preferencesUrl,
}: {
  locale: Locale
  intro: string
  listNames: string[]
  preferencesUrl: string
}) {
  return (
    <>
      {listNames.length > 0 ? (
        <>
          <p role="status">{intro}</p>
          <ul class="plain">
            {listNames.map((name) => (
              <li>{name}</li>
            ))}
          </ul>
        </>
      ) : (
        <p role="status">{t(locale, 'confirmed.nothing')}</p>
      )}
      <p>
        <a href={preferencesUrl}>{t(locale, 'confirmed.preferences')}</a>
      </p>
    </>
  )
}
