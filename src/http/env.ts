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

/**
 * JSON when the client asks for it (a JSON body, or Accept preferring JSON to HTML by its
 * q-values, the first listed winning a tie), HTML for people otherwise.
 */
export function wantsJson(c: Context): boolean {
  const type = c.req.header('content-type') ?? ''
  if (/application\/(.+\+)?json/i.test(type)) return true
  const accept = c.req.header('accept')
  if (!accept) return false
  let json: { q: number; at: number } | undefined
  let html: { q: number; at: number } | undefined
  accept.split(',').forEach((entry, at) => {
    const [range = '', ...parameters] = entry.split(';').map((part) => part.trim().toLowerCase())
    const qParameter = parameters.find((parameter) => parameter.startsWith('q='))
    const q = qParameter === undefined ? 1 : Number(qParameter.slice(2))
    if (!Number.isFinite(q)) return
    const better = (seen: { q: number } | undefined) => seen === undefined || q > seen.q
    if (/^application\/([\w.-]+\+)?json$/.test(range) && better(json)) json = { q, at }
    else if (range === 'text/html' && better(html)) html = { q, at }
  })
  if (!json || json.q <= 0) return false
  return !html || html.q <= 0 || json.q > html.q || (json.q === html.q && json.at < html.at)
}

/**
 * The client's address for the ledger and rate limits. On Workers: CF-Connecting-IP, which
 * Cloudflare sets itself. On Node: with TRUST_PROXY=n, the n-th entry from the right of
 * X-Forwarded-For (each trusted proxy appends the address it saw; everything to its left was
 * written by the client and proves nothing); otherwise, or when the header has fewer entries
 * than trusted proxies, the socket's address.
 *
 * @example clientIp(c) // '203.0.113.7'
 */
export function clientIp(c: AppContext): string | null {
  const deps = c.get('deps')
  // On Workers the header is Cloudflare's; still only an address is taken from it (under
  // `wrangler dev` any client writes it), as from X-Forwarded-For.
  const cf = c.req.header('cf-connecting-ip')?.trim()
  if (cf && deps.dbKind === 'd1') return looksLikeAddress(cf) ? cf : null
  const hops = deps.config.trustProxy
  if (hops > 0) {
    const entries = (c.req.header('x-forwarded-for') ?? '')
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
    const forwarded = withoutPort(entries[entries.length - hops] ?? '')
    if (looksLikeAddress(forwarded)) return forwarded
  }
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined
  return env?.incoming?.socket?.remoteAddress ?? null
}

/** An IPv4 or IPv6 address as a header carries it (digits, hex, dots, colons, a zone). */
function looksLikeAddress(entry: string): boolean {
  return /^[0-9a-fA-F.:%]{2,64}$/.test(entry) && /[.:]/.test(entry)
}

/**
 * Some proxies write the client's port too (`198.51.100.6:40001`, `[2001:db8::1]:443`): the
 * port changes with every connection, so left on it would give each request a fresh bucket of
 * the per-IP limit.
 *
 * @example withoutPort('[2001:db8::1]:443') // '2001:db8::1'
 */
export function withoutPort(entry: string): string {
  const bracketed = /^\[([^\]]*)\](?::\d{1,5})?$/.exec(entry)
  if (bracketed) return bracketed[1]!
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d{1,5}$/.exec(entry)
  return v4 ? v4[1]! : entry
}

export function userAgent(c: Context): string | null {
  const agent = c.req.header('user-agent')
  return agent ? agent.slice(0, 512) : null
}
