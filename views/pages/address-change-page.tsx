/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

/** `GET /address/:secret`: one button; opening the link (a mail scanner does) changes nothing. */
export function AddressConfirmPage({ locale, newEmail }: { locale: Locale; newEmail: string }) {
  return (
    <Layout locale={locale} title={t(locale, 'address.confirm.title')}>
      <p class="managed-address">{newEmail}</p>
      <p>{t(locale, 'address.confirm.body')}</p>
      <form method="post">
        <button type="submit">{t(locale, 'address.confirm.button')}</button>
      </form>
    </Layout>
  )
}

/**
 * `GET /address/:secret` of the link sent to the current address: approving lets the change go
 * on to the new address, which must still confirm it. The new address is shown partly hidden.
 */
export function AddressApprovePage({
  locale,
  maskedNewEmail,
}: {
  locale: Locale
  maskedNewEmail: string
}) {
  return (
    <Layout locale={locale} title={t(locale, 'address.approve.title')}>
      <p>{t(locale, 'address.approve.body', { email: maskedNewEmail })}</p>
      <form method="post">
        <button type="submit">{t(locale, 'address.approve.button')}</button>
      </form>
    </Layout>
  )
}

/** After the change (or a second click on a used link): where mail goes now, and a fresh link. */
export function AddressChangedPage({
  locale,
  email,
  alreadyDone,
  preferencesUrl,
}: {
  locale: Locale
  email: string
  alreadyDone: boolean
  preferencesUrl: string
}) {
  return (
    <Layout locale={locale} title={t(locale, 'address.done.title')}>
      {alreadyDone && <p>{t(locale, 'address.used')}</p>}
      <p role="status">{t(locale, 'address.done.body', { email })}</p>
      <p>
        <a href={preferencesUrl}>{t(locale, 'address.done.preferences')}</a>
      </p>
    </Layout>
  )
}
