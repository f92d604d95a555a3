import { createMiddleware } from 'hono/factory'
import { authenticate, type Scope } from '../domain/admin/api-keys.js'
import { AppError } from '../errors.js'
import type { AppEnv } from './env.js'

export type { Scope }

/** The scope each request was granted: the API-wide check and a route's write check look up a key once. */
const checked = new WeakMap<Request, Scope | undefined>()

/**
 * Opens the admin API to `Authorization: Bearer <credential>`: ADMIN_TOKEN (every scope) or an
 * active API key (its own scope, `read` or `write`). Anything else is 401; a read key on a
 * route that needs `write` is 403. Without ADMIN_TOKEN and without keys the API is closed.
 *
 * @example adminRoutes.use('*', requireScope('read'))
 */
export function requireScope(scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    let granted = checked.get(c.req.raw)
    if (!checked.has(c.req.raw)) {
      const header = c.req.header('authorization') ?? ''
      const match = /^Bearer[ \t]+([\x21-\x7e]{1,512})[ \t]*$/i.exec(header)
      granted = match ? await authenticate(c.get('deps'), match[1]!) : undefined
      checked.set(c.req.raw, granted)
    }
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
