/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { MiddlewareHandler } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { type HtmlElement, renderToString } from '../../views/jsx/jsx-runtime.js'
import { PageContext } from '../../views/page-context.js'
import type { AppEnv } from './env.js'

declare module 'hono' {
  interface ContextRenderer {
    // biome-ignore lint/style/useShorthandFunctionType: merges into Hono's own interface
    (page: HtmlElement, status?: ContentfulStatusCode): Response
  }
}

/** Link pages whose POST answers live under a path that only GET knows without the suffix. */
const LINK_PAGE = /^(\/(?:confirm|unsubscribe|preferences)\/[^/]+)(?:\/.*)?$/

/** A start a browser reads as another host (`//host`, `/\host`), once tabs and newlines are gone. */
const OFF_SITE_START = /^[/\\]+/

/**
 * The page a language link should reload: the same page for a GET; for a form's answer, the
 * page the form was on (`/subscribe` answers belong to `/`). The path is the request's own, and
 * it goes into an href: it always starts with one slash and holds no tab or newline, so no
 * path (a 404's included) can make the link lead off the site.
 *
 * @example languagePath('POST', '/preferences/abc/export') // '/preferences/abc'
 * @example languagePath('GET', '//evil.example/x') // '/evil.example/x'
 */
export function languagePath(method: string, path: string): string {
  const own = path.replace(/[\t\n\r]/g, '').replace(OFF_SITE_START, '/')
  if (method === 'GET' || method === 'HEAD') return own
  if (own === '/subscribe') return '/'
  return LINK_PAGE.exec(own)?.[1] ?? own
}

/**
 * Sets the renderer every route answers a page with, `c.render(<Page/>, status?)`: the page
 * inside the page context, so the shared layout knows the organisation and the language links
 * of this request, rendered to one string. Done here once rather than in each route, so a page
 * added later (or by another capability) cannot forget its footer.
 *
 * @example app.use('*', providePageContext)
 */
export const providePageContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.setRenderer((page: HtmlElement, status?: ContentfulStatusCode) => {
    const value = {
      organization: c.get('deps').config.organization,
      languagePath: languagePath(c.req.method, c.req.path),
    }
    return c.html(
      renderToString(<PageContext.Provider value={value}>{page}</PageContext.Provider>),
      status,
    )
  })
  await next()
}
