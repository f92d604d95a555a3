/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { Layout } from '../layout.js'

export interface PrivacyErasePageProps {
  locale: Locale
  token: string
  /** Shown when the form came back without the confirmation ticked. */
  error?: boolean
}

/** Asks for an explicit confirmation before erasing; showing it changes nothing. */
export function PrivacyErasePage({ locale, token, error }: PrivacyErasePageProps) {
  return (
    <Layout locale={locale} title={t(locale, 'erase.title')}>
      {error && (
        <p role="alert" id="erase-error">
          {t(locale, 'erase.required')}
        </p>
      )}
      <p>{t(locale, 'erase.intro')}</p>
      <p>{t(locale, 'erase.keep')}</p>
      <form method="post" action={`/preferences/${token}/erase`}>
        <p>
          <input
            type="checkbox"
            id="confirm"
            name="confirm"
            value="yes"
            required
            {...(error ? { 'aria-describedby': 'erase-error' } : {})}
          />{' '}
          <label for="confirm">{t(locale, 'erase.check')}</label>
        </p>
        <button type="submit">{t(locale, 'erase.button')}</button>
      </form>
      <p>
        <a href={`/preferences/${token}`}>{t(locale, 'erase.back')}</a>
      </p>
    </Layout>
  )
}
