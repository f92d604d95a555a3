import type { Hono } from 'hono'
import type { AppEnv } from './env.js'

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'] as const

/**
 * The methods some route of `app` answers at `path`, in a fixed order (HEAD wherever GET is,
 * as Hono answers it). Middleware (registered for every method) does not count: a path only
 * middleware covers has no methods. Used only when nothing answered, to tell 405 from 404.
 *
 * @example allowedMethods(app, '/subscribe') // ['POST']
 */
export function allowedMethods(app: Hono<AppEnv>, path: string): string[] {
  return METHODS.filter((method) => {
    const wanted = method === 'HEAD' ? 'GET' : method
    const [matches] = app.router.match(wanted, path)
    return matches.some(([[, route]]) => route.method === wanted)
  })
}
