import type { ContactRow, ListRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { findSubscriptions } from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'
import type { TokenClaims } from '../../tokens/tokens.js'
import { applyLeave, planLeave, type LeavePlan } from './leave-lists.js'
import { inTransaction } from '../subscription/record-changes.js'

export interface UnsubscribeRequest {
  /** One-click (RFC 8058 body) or the page's own button. */
  source: 'one_click' | 'unsubscribe_page'
  confirmCancel: boolean
  ip: string | null
  userAgent: string | null
  via?: 'admin_link'
}

/**
 * The lists an unsubscribe token is about: its one list, or every list for an all-lists token.
 * Archived lists are included: leaving must work for every list a person may still be on.
 */
export async function listsForUnsubscribe(
  deps: Pick<Deps, 'db'>,
  claims: TokenClaims,
): Promise<ListRow[]> {
  const lists = await findLists(deps.db, { includeArchived: true })
  if (claims.purpose === 'unsubscribe_all') return lists
  return lists.filter((list) => list.id === claims.lists[0])
}

/**
 * Leaves the token's list, or every list. Idempotent: leaving what one is not on changes
 * nothing. A one-list token for an account-cancelling list without the explicit confirmation
 * is refused (`confirmation_required`, nothing changes). An all-lists token leaves every other
 * list at once and keeps account-cancelling ones until confirmed: one-click must stop the
 * marketing mail, but must never cancel an account.
 *
 * @example const plan = await unsubscribe(deps, contact, claims, { source: 'one_click', confirmCancel: false, ip, userAgent })
 */
export async function unsubscribe(
  deps: Deps,
  contact: ContactRow,
  claims: TokenClaims,
  request: UnsubscribeRequest,
): Promise<LeavePlan> {
  const targets = await listsForUnsubscribe(deps, claims)
  if (
    claims.purpose === 'unsubscribe' &&
    targets.some((list) => list.cancels_account) &&
    !request.confirmCancel
  ) {
    throw new AppError(
      'confirmation_required',
      'Leaving this list cancels the account: confirm with confirm_cancel=yes',
    )
  }
  const statuses = new Map(
    (await findSubscriptions(deps.db, contact.id)).map((row) => [row.list_id, row.status]),
  )
  const plan = planLeave(targets, statuses, request.confirmCancel)
  if (plan.leave.length === 0) return plan
  await inTransaction(deps, (trx) =>
    applyLeave(trx, deps, contact, plan, {
      source: request.source,
      ip: request.ip,
      userAgent: request.userAgent,
      via: request.via,
    }),
  )
  return plan
}
