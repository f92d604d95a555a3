import { createMiddleware } from 'hono/factory'
import { AppError } from '../errors.js'
import { secretsEqual } from '../tokens/tokens.js'
import type { AppEnv } from './env.js'

export type Scope = 'read' | 'write'

/**
 * Opens the admin API to `Authorization: Bearer $ADMIN_TOKEN` (every scope). Without
 * ADMIN_TOKEN the API is closed: every request gets 401.
 *
 * @example adminRoutes.use('*', requireScope('read'))
 */
export function requireScope(_scope: Scope) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const { config } = c.get('deps')
    const header = c.req.header('authorization') ?? ''
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header)
    if (!match || !config.adminToken || !(await secretsEqual(match[1]!, config.adminToken))) {
      c.header('WWW-Authenticate', 'Bearer realm="prefcenter"')
      throw new AppError('unauthorized', 'Missing or wrong credentials')
    }
    await next()
  })
}
