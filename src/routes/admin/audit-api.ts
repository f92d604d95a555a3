import { createMiddleware } from 'hono/factory'
import { loggablePath } from '../../app.js'
import { audit } from '../../domain/admin/audit.js'
import { normalizeEmail } from '../../domain/subscription/email.js'
import { apiActor } from '../../http/admin-auth.js'
import type { AppEnv } from '../../http/env.js'
import { findContactByEmail } from '../../repos/contacts.js'

/**
 * Writes to the audit log, as the console does for its own actions, every admin-API call that
 * changes data or hands out a person's data (their export), with the credential that made it
 * (`admin-token` or the API key's id) and the contact's id, never the address: a privacy review
 * found the API's changes recorded in the ledger as `admin` with no one behind them. A failed
 * write of the audit row is logged; the change itself is already committed and answered.
 *
 * @example adminRoutes.use('*', auditApi)
 */
export const auditApi = createMiddleware<AppEnv>(async (c, next) => {
  const method = c.req.method
  const path = new URL(c.req.url).pathname
  if ((method === 'GET' || method === 'HEAD') && !path.endsWith('/export')) return next()
  const deps = c.get('deps')
  const email = contactAddress(path)
  // Before the call: an erasure or an address change takes the address away from the contact.
  const before = email ? await findContactByEmail(deps.db, email) : undefined
  await next()
  const actor = apiActor(c)
  if (!actor || c.res.status >= 400) return
  try {
    const target =
      before?.id ?? (email ? (await findContactByEmail(deps.db, email))?.id : undefined) ?? null
    await audit(deps, actor, `api ${method} ${loggablePath(path)}`, target, {
      status: c.res.status,
    })
  } catch (error) {
    deps.logger.error('audit of an admin-API call failed', { error: String(error) })
  }
})

/** The address in `/api/v1/contacts/{email}...`, normalised, or undefined. */
function contactAddress(path: string): string | undefined {
  const match = /^\/api\/v1\/contacts\/([^/]+)/.exec(path)
  if (!match) return undefined
  try {
    return normalizeEmail(decodeURIComponent(match[1]!)) ?? undefined
  } catch {
    return undefined
  }
}
