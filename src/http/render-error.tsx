/** @jsxRuntime automatic @jsxImportSource #jsx */
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

/**
 * The page title for an error code: what happened, in words (a 404 says "Page not found", a
 * broken link "This link does not work"); codes without their own title share a general one.
 *
 * @example errorTitle('en', 'not_found') // 'Page not found'
 */
export function errorTitle(locale: Locale, code: string): string {
  if (code === 'gone') return t(locale, 'gone.title')
  if (code === 'link_expired') return t(locale, 'expired.title')
  const key = `error.title.${code}`
  return hasMessage(key) ? t(locale, key) : t(locale, 'error.title')
}

/** The friendly page for an AppError, in the visitor's language, with the error's status. */
export function renderErrorPage(c: Context<AppEnv>, error: AppError): Response | Promise<Response> {
  const locale = c.get('locale') ?? 'en'
  // A link superseded by an address change, already spent, or broken (a mail client that cut or
  // wrapped it): offer a fresh one, sent to the address we hold now (the /manage form), never
  // to whoever holds the old link.
  const newLinkHref = ['link_superseded', 'link_used', 'invalid_token'].includes(error.code)
    ? '/manage'
    : undefined
  return c.render(
    <ErrorPage
      locale={locale}
      message={errorMessage(locale, error)}
      title={errorTitle(locale, error.code)}
      newLinkHref={newLinkHref}
    />,
    error.status,
  )
}
