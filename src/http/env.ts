import type { Context } from 'hono'
import type { Deps } from '../deps.js'
import type { Locale } from '../i18n/locale.js'

/** What every handler finds on `c.var`. */
export interface AppEnv {
  Variables: {
    deps: Deps
    locale: Locale
    /** The language picked on a page during this visit (`?lang=`, then the `lang` cookie). */
    chosenLocale: Locale | undefined
  }
}

export type AppContext = Context<AppEnv>

/** JSON when the client asks for it (Accept or a JSON body), HTML for people otherwise. */
export function wantsJson(c: Context): boolean {
  const accept = c.req.header('accept') ?? ''
  const type = c.req.header('content-type') ?? ''
  if (/application\/(.+\+)?json/i.test(type)) return true
  if (!accept) return false
  const json = accept.search(/application\/(.+\+)?json/i)
  const html = accept.search(/text\/html/i)
  return json !== -1 && (html === -1 || json < html)
}

/**
 * The client's address for the ledger and rate limits: the socket's on Node, CF-Connecting-IP
 * on Workers, X-Forwarded-For only when TRUST_PROXY says a proxy in front sets it.
 */
export function clientIp(c: AppContext): string | null {
  const deps = c.get('deps')
  const cf = c.req.header('cf-connecting-ip')
  if (cf && deps.dbKind === 'd1') return cf
  if (deps.config.trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (forwarded) return forwarded
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? null
}

export function userAgent(c: Context): string | null {
  const agent = c.req.header('user-agent')
  return agent ? agent.slice(0, 512) : null
}
