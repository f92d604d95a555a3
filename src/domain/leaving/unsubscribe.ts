import { lockLinkContact } from '../links/token-contact.js'
import type { ContactRow, ListRow, SubscriptionStatus } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { findSubscriptions } from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'
import type { TokenClaims } from '../../tokens/tokens.js'
import { inTransaction } from '../subscription/record-changes.js'
import { applyLeave, type LeavePlan, type LeaveScope, planLeave } from './leave-lists.js'

export interface UnsubscribeRequest {
  /** One-click (RFC 8058 body) or the page's own button. */
  source: 'one_click' | 'unsubscribe_page'
  confirmCancel: boolean
  ip: string | null
  userAgent: string | null
  via?: 'admin_link'
}

/** What an unsubscribe link is about, read once per request. */
export interface UnsubscribeLink {
  contact: ContactRow
  scope: LeaveScope
  /** The link's one list; undefined for an all-lists link (or a list deleted since). */
  one: ListRow | undefined
  /** The lists the link is about: its one list, or every list. */
  targets: ListRow[]
  /** Every list, archived ones included: leaving must work for every list a person may still be on. */
  lists: ListRow[]
  statuses: Map<string, SubscriptionStatus>
  /** What a click without the explicit tick would do: the page warns about `kept` and `refused`. */
  preview: LeavePlan
}

/**
 * Reads what an unsubscribe token is about: its one list or every list, with the person's
 * statuses, in one pass that the page and the POST share.
 *
 * @example const link = await readUnsubscribeLink(deps, contact, claims)
 */
export async function readUnsubscribeLink(
  deps: Pick<Deps, 'db'>,
  contact: ContactRow,
  claims: TokenClaims,
): Promise<UnsubscribeLink> {
  const [lists, subscriptions] = await Promise.all([
    findLists(deps.db, { includeArchived: true }),
    findSubscriptions(deps.db, contact.id),
  ])
  const statuses = new Map(subscriptions.map((row) => [row.list_id, row.status]))
  const { scope, one, targets } = linkTargets(lists, claims)
  const preview = planLeave(lists, statuses, scope, false)
  return { contact, scope, one, targets, lists, statuses, preview }
}

/**
 * What an unsubscribe link is about, among `lists`: every list, or its one list (none when that
 * list was deleted since).
 *
 * @example const { targets } = linkTargets(await findLists(db, { includeArchived: true }), claims)
 */
export function linkTargets(
  lists: ListRow[],
  claims: Pick<TokenClaims, 'purpose' | 'lists'>,
): Pick<UnsubscribeLink, 'scope' | 'one' | 'targets'> {
  const scope: LeaveScope =
    claims.purpose === 'unsubscribe_all'
      ? { kind: 'all' }
      : { kind: 'list', listId: claims.lists[0] ?? '' }
  const one = scope.kind === 'list' ? lists.find((list) => list.id === scope.listId) : undefined
  const targets = scope.kind === 'all' ? lists : one ? [one] : []
  return { scope, one, targets }
}

/**
 * Leaves the link's list, or every list. Idempotent: leaving what one is not on changes
 * nothing. A one-list link for an account-cancelling list without the explicit confirmation
 * is refused (`confirmation_required`, nothing changes). An all-lists link leaves every other
 * list at once and keeps account-cancelling ones until confirmed: one-click must stop the
 * marketing mail, but must never cancel an account.
 *
 * @example const plan = await unsubscribe(deps, link, { source: 'one_click', confirmCancel: false, ip, userAgent })
 */
export async function unsubscribe(
  deps: Deps,
  link: UnsubscribeLink,
  request: UnsubscribeRequest,
): Promise<LeavePlan> {
  const plan = planLeave(link.lists, link.statuses, link.scope, request.confirmCancel)
  if (plan.refused) {
    throw new AppError(
      'confirmation_required',
      'Leaving this list cancels the account: confirm with confirm_cancel=yes',
    )
  }
  if (plan.leave.length === 0) return plan
  await inTransaction(deps, async (trx) => {
    // Under the lock, and still at the address the link was sent to.
    await lockLinkContact(trx, link.contact)
    await applyLeave(trx, deps, link.contact, plan, {
      source: request.source,
      ip: request.ip,
      userAgent: request.userAgent,
      via: request.via,
      // Which kind of link left: undo brings back only what a link of its own kind left.
      detail: { link: link.scope.kind },
    })
  })
  return plan
}
