import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { Deps } from '../../deps.js'

const secure = (deps: Deps) => deps.config.publicUrl.startsWith('https:')

/** `__Host-` pins the cookie to this host and path / over HTTPS; plain HTTP cannot use it. */
export function sessionCookieName(deps: Deps): string {
  return secure(deps) ? '__Host-pc_admin' : 'pc_admin'
}

/** The pre-session cookie that the sign-in form's CSRF field must repeat (double submit). */
export function signInCookieName(deps: Deps): string {
  return secure(deps) ? '__Host-pc_admin_pre' : 'pc_admin_pre'
}

const options = (deps: Deps) =>
  ({
    path: '/',
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(deps),
  }) as const

/** @example readSessionCookie(c, deps) */
export function readSessionCookie(c: Context, deps: Deps): string | undefined {
  return getCookie(c, sessionCookieName(deps))
}

/** A browser-session cookie: the server ends the session after 30 idle minutes or 12 hours. */
export function writeSessionCookie(c: Context, deps: Deps, value: string): void {
  setCookie(c, sessionCookieName(deps), value, options(deps))
}

export function clearSessionCookie(c: Context, deps: Deps): void {
  deleteCookie(c, sessionCookieName(deps), options(deps))
}

export function readSignInCookie(c: Context, deps: Deps): string | undefined {
  return getCookie(c, signInCookieName(deps))
}

export function writeSignInCookie(c: Context, deps: Deps, value: string): void {
  setCookie(c, signInCookieName(deps), value, { ...options(deps), maxAge: 3600 })
}
