/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { MiddlewareHandler } from 'hono'
import { PageContext } from '../../views/page-context.js'
import type { AppEnv } from './env.js'

/** Link pages whose POST answers live under a path that only GET knows without the suffix. */
const LINK_PAGE = /^(\/(?:confirm|unsubscribe|preferences)\/[^/]+)(?:\/.*)?$/

/**
 * The page a language link should reload: the same page for a GET; for a form's answer, the
 * page the form was on (`/subscribe` answers belong to `/`).
 *
 * @example languagePath('POST', '/preferences/abc/export') // '/preferences/abc'
 */
export function languagePath(method: string, path: string): string {
  if (method === 'GET' || method === 'HEAD') return path
  if (path === '/subscribe') return '/'
  return LINK_PAGE.exec(path)?.[1] ?? path
}

/**
 * Wraps every `c.html(<Page/>)` of the request in the page context, so the shared layout knows
 * the organisation and the language links of this request. Done here once rather than in each
 * route, so a page added later (or by another capability) cannot forget its footer.
 *
 * @example app.use('*', providePageContext)
 */
export const providePageContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const html = c.html
  c.html = ((body: unknown, ...rest: unknown[]) => {
    if (typeof body === 'string' || body instanceof Promise)
      return (html as (...args: unknown[]) => unknown)(body, ...rest)
    const value = {
      organization: c.get('deps').config.organization,
      languagePath: languagePath(c.req.method, c.req.path),
    }
    return (html as (...args: unknown[]) => unknown)(
      <PageContext.Provider value={value}>{body as never}</PageContext.Provider>,
      ...rest,
    )
  }) as typeof c.html
  await next()
}
