import { createMiddleware } from 'hono/factory'
import type { Context } from 'hono'
import { type Credential, identifyCredential, type Scope } from '../domain/admin/api-keys.js'
import { AppError } from '../errors.js'
import type { AppEnv } from './env.js'

export type { Scope }

/**
 * The credential each request presented: the API-wide check, a route's write check and the
 * audit look a key up once.
 */
const checked = new WeakMap<Request, Credential | undefined>()

/** Who made an admin-API request: `admin-token` or the API key's id (undefined before auth). */
export function apiActor(c: Context): string | undefined {
  return checked.get(c.req.raw)?.actor
}

/**
 * Opens the admin API to `Authorization: Bearer <credential>`: ADMIN_TOKEN (every scope) or an
 * active API key (its own scope, `read` or `write`). Anything else is 401; a read key on a
 * route that needs `write` is 403. Without ADMIN_TOKEN and without keys the API is closed.
 *
 * @example adminRoutes.use('*', requireScope('read'))
 */
export function requireScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let credential = checked.get(c.req.raw)
    if (!checked.has(c.req.raw)) {
      const header = c.req.header('authorization') ?? ''
      const match = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i.exec(header)
      credential = match ? await identifyCredential(c.get('deps'), match[1]!) : undefined
      checked.set(c.req.raw, credential)
    }
    const granted = credential?.scope
    if (!granted) {
      c.header('WWW-Authenticate', 'Bearer realm="prefcenter"')
      throw new AppError('unauthorized', 'Missing or wrong credentials')
    }
    if (scope === 'write' && granted !== 'write') {
      throw new AppError('forbidden', 'This API key may only read')
    }
    await next()
  })
}
