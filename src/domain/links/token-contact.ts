import { lockContact } from '../../db/locks.js'
import type { ContactRow, Db } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { findContactById } from '../../repos/contacts.js'
import type { TokenClaims, TokenPurpose } from '../../tokens/tokens.js'

/**
 * Checks a link token for `purpose` and returns its claims. Forged, malformed, truncated or
 * other-purpose tokens are `invalid_token` (400); an expired one is `link_expired` (410), an
 * `ExpiredLink` holding the claims so the confirm page can offer a fresh link.
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
  if (result.reason === 'expired' && result.claims) throw new ExpiredLink(result.claims)
  throw new AppError('invalid_token', 'This link is not valid')
}

/**
 * `link_expired` (410) with the claims the signature vouched for, for the expired page's "send
 * me a new link" and its language. They stay on the error, out of its `details`: the answer's
 * envelope must not hand out the contact's id.
 */
export class ExpiredLink extends AppError {
  constructor(readonly claims: TokenClaims) {
    super('link_expired', 'This link has expired')
  }
}

/**
 * How the ledger marks actions taken through a link: `admin_link` for links the admin API
 * minted (another system's mail), nothing for links we mailed to the person ourselves.
 *
 * @example await unsubscribe(deps, contact, claims, { ...client, via: linkVia(claims) })
 */
export function linkVia(claims: Pick<TokenClaims, 'origin'>): 'admin_link' | undefined {
  return claims.origin === 'admin' ? 'admin_link' : undefined
}

/**
 * The contact a valid token names. An erased contact makes the link `gone` (410); a link sent
 * to an earlier address of the contact is `link_superseded` (410, offering a fresh link), so
 * nothing is ever done, let alone confirmed, for an address the link never reached. Tokens
 * without an address version (minted before binding) count as version 0.
 *
 * @example const contact = await contactForToken(deps, claims)
 */
export async function contactForToken(
  deps: Pick<Deps, 'db'>,
  claims: TokenClaims,
): Promise<ContactRow> {
  const contact = await findContactById(deps.db, claims.contactId)
  if (!contact) throw goneLink()
  if ((claims.addressVersion ?? 0) !== Number(contact.address_version)) throw supersededLink()
  return contact
}

/**
 * Locks the contact a link opened (`lockContact`) and checks again, under the lock, that it
 * still has the address the link was sent to: an address change that committed after
 * `contactForToken` makes the link `link_superseded` here too (and an erasure `gone`), so nothing is done, let alone
 * confirmed or erased, for the new address with a link the old one received. Returns the
 * contact as it is now. Call it first in the transaction of every change a link makes.
 *
 * @example await inTransaction(deps, async (trx) => { const now = await lockLinkContact(trx, contact); ... })
 */
export async function lockLinkContact(trx: Db, contact: ContactRow): Promise<ContactRow> {
  const current = await lockContact(trx, contact.id).catch((error: unknown) => {
    // Erased meanwhile: the link answers as it will from now on (`contactForToken`).
    if (error instanceof AppError && error.code === 'not_found') throw goneLink()
    throw error
  })
  const now = current ?? contact
  if (Number(now.address_version) !== Number(contact.address_version)) throw supersededLink()
  return now
}

function goneLink(): AppError {
  return new AppError('gone', 'This link no longer works')
}

function supersededLink(): AppError {
  return new AppError('link_superseded', 'This link was sent to an earlier address', {
    new_link: '/manage',
  })
}
