/** @jsxRuntime automatic @jsxImportSource #jsx */
import { type Context, Hono } from 'hono'
import { resumeSession, signIn, signOut } from '../../domain/admin/console-session.js'
import { type AppContext, clientIp } from '../../http/env.js'
import { isLocale, type Locale, pickLocale } from '../../i18n/locale.js'
import { t } from '../../i18n/messages.js'
import { randomId } from '../../tokens/base64url.js'
import { secretsEqual } from '../../tokens/tokens.js'
import { SignInPage } from '../../../views/console/sign-in-page.js'
import type { ConsoleEnv } from './console-env.js'
import { dashboard } from './dashboard.js'
import { consoleForm, crossSite, field, refuseForm, requireSession } from './guards.js'
import {
  clearSessionCookie,
  readSessionCookie,
  readSignInCookie,
  writeSessionCookie,
  writeSignInCookie,
} from './session-cookie.js'

/** `/admin` itself (dashboard or sign-in page), sign-in and sign-out. */
export const signInRoutes = new Hono<ConsoleEnv>()

function signInPage(
  c: Context<ConsoleEnv>,
  locale: Locale,
  status: 200 | 401 | 429,
  messages: { error?: string; notice?: string } = {},
) {
  const deps = c.get('deps')
  // The sign-in form's CSRF value: a random cookie the form repeats (login CSRF).
  let csrf = readSignInCookie(c, deps)
  if (!csrf || !/^[A-Za-z0-9_-]{43}$/.test(csrf)) {
    csrf = randomId(32)
    writeSignInCookie(c, deps, csrf)
  }
  return c.render(<SignInPage locale={locale} csrf={csrf} {...messages} />, status)
}

signInRoutes.get('/admin', async (c) => {
  const deps = c.get('deps')
  const session = await resumeSession(deps, readSessionCookie(c, deps))
  if (session) {
    c.set('session', session)
    c.set('locale', session.locale)
    return dashboard(c)
  }
  const lang = c.req.query('lang')
  const locale = isLocale(lang) ? lang : pickLocale(null, c.req.header('accept-language'))
  const notice = c.req.query('signed_out')
    ? t(locale, 'console.signed_out')
    : c.req.query('expired')
      ? t(locale, 'console.expired')
      : undefined
  return signInPage(c, locale, 200, notice ? { notice } : {})
})

signInRoutes.post('/admin/sign-in', async (c) => {
  const deps = c.get('deps')
  const body = await consoleForm(c)
  const locale = isLocale(body.locale) ? body.locale : c.get('locale')
  const expected = readSignInCookie(c, deps)
  const csrfOk =
    expected !== undefined &&
    typeof body.csrf === 'string' &&
    (await secretsEqual(body.csrf, expected))
  if (crossSite(c, deps.config.publicUrl) || !csrfOk) return refuseForm(c)
  const result = await signIn(deps, field(body, 'credential').slice(0, 512), {
    ip: clientIp(c as unknown as AppContext),
    locale,
  })
  if (result.outcome === 'limited')
    return signInPage(c, locale, 429, { error: t(locale, 'console.sign_in.limited') })
  if (result.outcome === 'refused')
    return signInPage(c, locale, 401, { error: t(locale, 'console.sign_in.refused') })
  // Whatever session the browser held before is ended: the new one has a fresh id.
  const previous = await resumeSession(deps, readSessionCookie(c, deps))
  if (previous) await signOut(deps, previous)
  writeSessionCookie(c, deps, result.cookieValue)
  deps.logger.info('console sign-in', { actor: result.session.actor })
  return c.redirect('/admin', 303)
})

signInRoutes.post('/admin/sign-out', requireSession, async (c) => {
  const deps = c.get('deps')
  await signOut(deps, c.var.session)
  clearSessionCookie(c, deps)
  return c.redirect('/admin?signed_out=1', 303)
})
