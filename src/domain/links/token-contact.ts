import type { ContactRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { findContactById } from '../../repos/contacts.js'
import type { TokenClaims, TokenPurpose } from '../../tokens/tokens.js'

/**
 * Checks a link token for `purpose` and returns its claims. Forged, malformed, truncated or
 * other-purpose tokens are `invalid_token` (400); an expired one is `link_expired` (410), with
 * the claims as details so the confirm page can offer a fresh link.
 *
 * @example const claims = await verifyLink(deps, token, 'preferences')
 */
export async function verifyLink(
  deps: Pick<Deps, 'tokens' | 'now'>,
  token: string,
  purpose: TokenPurpose | TokenPurpose[],
): Promise<TokenClaims> {
  const result = await deps.tokens.verify(token, purpose, Math.floor(deps.now() / 1000))
  if (result.ok) return result.claims
  if (result.reason === 'expired')
    throw new AppError('link_expired', 'This link has expired', { claims: result.claims })
  throw new AppError('invalid_token', 'This link is not valid')
}

/** The contact a valid token names; an erased contact makes the link `gone` (410). */
export async function contactForToken(
  deps: Pick<Deps, 'db'>,
  claims: TokenClaims,
): Promise<ContactRow> {
  const contact = await findContactById(deps.db, claims.contactId)
  if (!contact) throw new AppError('gone', 'This link no longer works')
  return contact
}
