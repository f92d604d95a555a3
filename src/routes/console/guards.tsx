/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import { csrfValid, resumeSession } from '../../domain/admin/console-session.js'
import { AppError } from '../../errors.js'
import type { MessageKey } from '../../i18n/catalogue.js'
import { t } from '../../i18n/messages.js'
import { ConsoleMessagePage } from '../../../views/console/message-page.js'
import type { ConsoleEnv } from './console-env.js'
import { clearSessionCookie, readSessionCookie } from './session-cookie.js'

/**
 * True when the browser says the request comes from another site. `Sec-Fetch-Site` decides
 * when present (anything but same-origin, or none for a typed address, is foreign); otherwise
 * an `Origin` that is neither this request's origin nor PUBLIC_URL's. Our pages send no
 * referrer, so browsers send `Origin: null` on our own forms: that alone proves nothing, and
 * such a request still needs the session's CSRF token.
 */
export function crossSite(c: Context, publicUrl: string): boolean {
  const site = c.req.header('sec-fetch-site')
  if (site) return site !== 'same-origin' && site !== 'none'
  const origin = c.req.header('origin')
  if (origin === undefined || origin === 'null') return false
  return origin !== new URL(c.req.url).origin && origin !== new URL(publicUrl).origin
}

/** The refusal for a cross-site or token-less form: 403, nothing changed. */
export function refuseForm(c: Context<ConsoleEnv>) {
  const locale = c.get('locale')
  return c.render(
    <ConsoleMessagePage
      locale={locale}
      title={t(locale, 'console.csrf.title')}
      message={t(locale, 'console.csrf.message')}
      session={c.var.session}
    />,
    403,
  )
}

/**
 * Every console route but the sign-in page: a live session or, for a GET, the way back to the
 * sign-in page (303); every POST must come from our own pages (same site) with the session's
 * CSRF token, else 403 and nothing changes.
 *
 * @example consoleRoutes.use('/admin/*', requireSession)
 */
export const requireSession = createMiddleware<ConsoleEnv>(async (c, next) => {
  const deps = c.get('deps')
  const cookie = readSessionCookie(c, deps)
  const session = await resumeSession(deps, cookie)
  if (!session) {
    if (cookie !== undefined) clearSessionCookie(c, deps)
    // Back to the sign-in page, saying why when there was a session that ended.
    if (c.req.method === 'GET' || c.req.method === 'HEAD')
      return c.redirect(cookie === undefined ? '/admin' : '/admin?expired=1', 303)
    return refuseForm(c)
  }
  c.set('session', session)
  c.set('locale', session.locale)
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    if (crossSite(c, deps.config.publicUrl)) return refuseForm(c)
    const body = await consoleForm(c)
    if (!(await csrfValid(session, body.csrf))) return refuseForm(c)
  }
  await next()
})

/**
 * A form that changes data: a read key's session is refused with 403 and nothing changes.
 *
 * @example consoleRoutes.post('/admin/lists', requireWrite, handler)
 */
export const requireWrite = createMiddleware<ConsoleEnv>(async (c, next) => {
  if (c.var.session.scope !== 'write') return forbidden(c, 'console.forbidden.message')
  await next()
})

/** 403 in the console's frame: what this session may not do, and nothing changed. */
export function forbidden(c: Context<ConsoleEnv>, messageKey: MessageKey) {
  const locale = c.get('locale')
  return c.render(
    <ConsoleMessagePage
      locale={locale}
      title={t(locale, 'console.forbidden.title')}
      message={t(locale, messageKey)}
      session={c.var.session}
    />,
    403,
  )
}

/**
 * The posted form, one value a field (Hono keeps it, so the CSRF check and the route read it
 * once). A body that is not a readable form (a multipart body without its boundary, say) is a
 * 400 and changes nothing.
 *
 * @example const body = await consoleForm(c)
 */
export async function consoleForm(c: Context): Promise<Record<string, string | File>> {
  try {
    return await c.req.parseBody()
  } catch {
    throw new AppError('bad_request', 'The form body could not be read')
  }
}

/** A form field as a trimmed string ('' when absent or a file). */
export function field(body: Record<string, unknown>, name: string): string {
  const value = body[name]
  return typeof value === 'string' ? value.trim() : ''
}
