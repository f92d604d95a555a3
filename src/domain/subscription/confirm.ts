import { lockLinkContact } from '../links/token-contact.js'
import type { ContactRow, ListRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { findSubscriptions, updateContact } from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'
import type { TokenClaims } from '../../tokens/tokens.js'
import { inTransaction, recordChanges, recordContactEvent } from './record-changes.js'
import { liftSuppression, suppressionKeys } from '../privacy/suppression.js'

export interface ConfirmOutcome {
  contact: ContactRow
  /** Lists this request moved from pending to subscribed. */
  confirmed: ListRow[]
  /** Lists of the token already subscribed (a second click, or a list confirmed elsewhere). */
  alreadySubscribed: ListRow[]
}

/**
 * The token's lists that are still `pending` become `subscribed`, with the confirming IP and
 * user agent in the ledger. Only pending lists move: a list the person left after the mail was
 * sent stays left (their later choice wins), and a second click changes nothing. Confirming
 * also makes a `cleaned` contact active again and lifts a suppression from an earlier erasure:
 * a confirmed double opt-in is the one proof that the mailbox wants our mail again.
 *
 * @example const { confirmed } = await confirmSubscription(deps, contact, claims, { ip, userAgent })
 */
export async function confirmSubscription(
  deps: Deps,
  contact: ContactRow,
  claims: TokenClaims,
  client: { ip: string | null; userAgent: string | null },
): Promise<ConfirmOutcome> {
  const lists = (await findLists(deps.db)).filter((list) => claims.lists.includes(list.id))
  const statuses = new Map(
    (await findSubscriptions(deps.db, contact.id)).map((row) => [row.list_id, row.status]),
  )
  const confirmed = lists.filter((list) => statuses.get(list.id) === 'pending')
  const alreadySubscribed = lists.filter((list) => statuses.get(list.id) === 'subscribed')
  if (confirmed.length === 0) return { contact, confirmed, alreadySubscribed }

  const evidence = {
    source: 'confirm' as const,
    ip: client.ip,
    userAgent: client.userAgent,
    detail: { token_issued_at: claims.issuedAt * 1000 },
  }
  const active: ContactRow = { ...contact, status: 'active' }
  const keys = suppressionKeys(deps)
  await inTransaction(deps, async (trx) => {
    // Decided from the contact under the lock: a second click records cleaned>active once.
    // Under the lock, and still at the address the link was sent to.
    const current = await lockLinkContact(trx, contact)
    if (current.status === 'cleaned') {
      await updateContact(trx, contact.id, { status: 'active', updated_at: deps.now() })
      await recordContactEvent(trx, deps, contact, 'cleaned', 'active', evidence)
    }
    await recordChanges(
      trx,
      deps,
      active,
      confirmed.map((list) => ({ list, to: 'subscribed' as const })),
      evidence,
    )
    await liftSuppression(trx, keys, contact.email)
  })
  return { contact: active, confirmed, alreadySubscribed }
}
