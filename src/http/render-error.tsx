/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Context } from 'hono'
import type { AppError } from '../errors.js'
import type { Locale } from '../i18n/locale.js'
import { hasMessage, t } from '../i18n/messages.js'
import type { AppEnv } from './env.js'
import { ErrorPage } from '../../views/pages/error-page.js'

/**
 * What a person reads for an error code, in their language. The AppError's own message is
 * English and written for developers; it is shown only where the catalogue has nothing better.
 *
 * @example errorMessage('pl', error) // 'Podaj prawidłowy adres e-mail.'
 */
export function errorMessage(locale: Locale, error: Pick<AppError, 'code' | 'message'>): string {
  const key = `error.msg.${error.code}`
  return hasMessage(key) ? t(locale, key) : error.message
}

/** The friendly page for an AppError, in the visitor's language, with the error's status. */
export function renderErrorPage(c: Context<AppEnv>, error: AppError): Response | Promise<Response> {
  const locale = c.get('locale') ?? 'en'
  const title =
    error.code === 'gone'
      ? t(locale, 'gone.title')
      : error.code === 'link_expired'
        ? t(locale, 'expired.title')
        : undefined
  // A link superseded by an address change or already spent: offer a fresh one, sent to the
  // address we hold now (the /manage form), never to whoever holds the old link.
  const newLinkHref =
    error.code === 'link_superseded' || error.code === 'link_used' ? '/manage' : undefined
  return c.html(
    <ErrorPage
      locale={locale}
      code={error.code}
      message={errorMessage(locale, error)}
      title={title}
      newLinkHref={newLinkHref}
    />,
    error.status,
  )
}
