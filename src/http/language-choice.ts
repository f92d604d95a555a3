import type { MiddlewareHandler } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { normalizeLocale, pickLocale } from '../i18n/locale.js'
import type { AppEnv } from './env.js'

/** The cookie that carries a language picked with `?lang=` to every later page of the visit. */
export const LANGUAGE_COOKIE = 'lang'

/**
 * Decides the page language before any route runs: `?lang=` first (and remembered in a session
 * cookie, so the choice sticks on every page and link of the visit), then that cookie, then
 * Accept-Language. Link pages put the contact's own locale between the choice and the browser.
 * A cookie is not state the service keeps, so a GET may set it.
 *
 * @example app.use('*', languageChoice)
 */
export const languageChoice: MiddlewareHandler<AppEnv> = async (c, next) => {
  const asked = normalizeLocale(c.req.query('lang'))
  const chosen = asked ?? normalizeLocale(getCookie(c, LANGUAGE_COOKIE))
  if (asked) {
    setCookie(c, LANGUAGE_COOKIE, asked, {
      path: '/',
      sameSite: 'Lax',
      httpOnly: true,
      secure: c.get('deps').config.publicUrl.startsWith('https:'),
    })
  }
  c.set('chosenLocale', chosen)
  c.set('locale', chosen ?? pickLocale(null, c.req.header('accept-language')))
  await next()
}
