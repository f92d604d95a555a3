import { UndeliveredError } from '../../mail/mailer.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { findSubscriptions } from '../../repos/contacts.js'
import { contactForToken } from '../links/token-contact.js'
import type { TokenClaims } from '../../tokens/tokens.js'
import { sendConfirmationMail } from './send-confirmation.js'
import { countMailTo, ipAllowed } from '../limits/throttle.js'

export type ResendOutcome = 'mail_sent' | 'nothing_pending' | 'limited' | 'mail_failed'

/**
 * The expired-link page's "send me a new link": a fresh confirmation mail to the same contact
 * for the token's lists that are still pending. The claims come from a token whose signature
 * was checked, so only the holder of the old mail can ask, and the mail goes to the address
 * that received it: a link the contact's address has moved on from answers 410
 * (`link_superseded`) and sends nothing. Rate-limited like sign-up.
 *
 * @example await resendConfirmation(deps, expiredClaims, { ip })
 */
export async function resendConfirmation(
  deps: Deps,
  claims: TokenClaims,
  request: { ip: string | null },
): Promise<ResendOutcome> {
  if (!(await ipAllowed(deps, 'signup', request.ip))) return 'limited'
  // A link sent to an earlier address: 410, as the link itself answers. Its lists were asked
  // for by that address, and the one the contact has now never asked (an attacker review).
  const contact = await contactForToken(deps, claims).catch((error: unknown) => {
    if (error instanceof AppError && error.code === 'gone') return undefined
    throw error
  })
  if (!contact) return 'nothing_pending'
  const statuses = new Map(
    (await findSubscriptions(deps.db, contact.id)).map((row) => [row.list_id, row.status]),
  )
  const pending = claims.lists.filter((id) => statuses.get(id) === 'pending')
  if (pending.length === 0) return 'nothing_pending'
  const counted = await countMailTo(deps, 'confirm-mail', contact.email)
  if (!counted.allowed) return 'limited'
  try {
    await sendConfirmationMail(deps, contact, pending)
  } catch (error) {
    deps.logger.error('confirmation mail failed', { contactId: contact.id, error: String(error) })
    if (error instanceof UndeliveredError) await counted.refund()
    return 'mail_failed'
  }
  return 'mail_sent'
}
