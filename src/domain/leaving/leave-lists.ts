import type { ContactRow, Db, ListRow, SubscriptionStatus } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { queueHostEvent } from '../../host-webhooks/queue-event.js'
import { type Evidence, recordChanges } from '../subscription/record-changes.js'

/** What a request asks to leave. */
export type LeaveScope =
  /** A one-list unsubscribe link. */
  | { kind: 'list'; listId: string }
  /** An all-lists unsubscribe link, or the preferences page's "unsubscribe from all". */
  | { kind: 'all' }
  /** A preferences save: every list but the wanted ones. */
  | { kind: 'all_but'; wanted: readonly string[] }
  /**
   * The admin API: exactly these lists. The company may record an opt-out for a list the
   * person was never on (a CRM's), so a named list is left whatever its status.
   */
  | { kind: 'named'; listIds: readonly string[] }

export interface LeavePlan {
  /** Lists that will become unsubscribed. */
  leave: ListRow[]
  /** Account-cancelling lists the person is on but did not explicitly confirm leaving. */
  kept: ListRow[]
  /**
   * The request named an account-cancelling list without the explicit confirmation: the
   * caller refuses it whole (`confirmation_required`) instead of leaving half of it.
   */
  refused: boolean
  /** Leaving includes an account-cancelling list: the host application is asked to cancel. */
  cancelsAccount: boolean
}

/**
 * The one leave rule, for unsubscribe links, one-click, the preferences page and the admin
 * API. `lists` must be every list, archived ones included: leaving everything means every list
 * the person may still be on. Only lists the person is on (subscribed or pending) are left. A list whose
 * `cancels_account` is set is never left by a click alone: it needs `confirmCancel` (an
 * explicit tick under a plain warning), otherwise it is kept. Leaving "all" then goes ahead
 * with the rest (one-click must stop the marketing mail, but must never cancel an account),
 * while a request that names the cancelling list (its own link, unticking it) is refused.
 *
 * @example const plan = planLeave(lists, statuses, { kind: 'all' }, false)
 */
export function planLeave(
  lists: readonly ListRow[],
  statuses: ReadonlyMap<string, SubscriptionStatus>,
  scope: LeaveScope,
  confirmCancel: boolean,
): LeavePlan {
  const targets = lists.filter((list) => inScope(scope, list))
  const on =
    scope.kind === 'named'
      ? targets
      : targets.filter((list) => {
          const status = statuses.get(list.id)
          return status === 'subscribed' || status === 'pending'
        })
  const kept = on.filter((list) => list.cancels_account === 1 && !confirmCancel)
  // A one-list link for a cancelling list asks for the tick even when the person is no longer on it.
  const refused =
    scope.kind === 'list'
      ? targets.some((list) => list.cancels_account === 1) && !confirmCancel
      : scope.kind === 'all_but' && kept.length > 0
  const leave = refused ? [] : on.filter((list) => list.cancels_account === 0 || confirmCancel)
  return { leave, kept, refused, cancelsAccount: leave.some((list) => list.cancels_account === 1) }
}

function inScope(scope: LeaveScope, list: ListRow): boolean {
  if (scope.kind === 'all') return true
  if (scope.kind === 'list') return list.id === scope.listId
  if (scope.kind === 'named') return scope.listIds.includes(list.id)
  return !scope.wanted.includes(list.id)
}

/**
 * Writes a plan inside the caller's transaction: one ledger event per list left, and for an
 * account-cancelling list an event marked `account_cancellation_requested` plus, when
 * EVENTS_WEBHOOK_URL is set, an `account.cancellation_requested` event for the host application.
 *
 * @example await inTransaction(deps, (trx) => applyLeave(trx, deps, contact, plan, evidence))
 */
export async function applyLeave(
  trx: Db,
  deps: Pick<Deps, 'now' | 'config'>,
  contact: ContactRow,
  plan: LeavePlan,
  evidence: Evidence,
): Promise<void> {
  const plain = plan.leave.filter((list) => list.cancels_account === 0)
  const cancelling = plan.leave.filter((list) => list.cancels_account === 1)
  if (plain.length > 0) {
    await recordChanges(
      trx,
      deps,
      contact,
      plain.map((list) => ({ list, to: 'unsubscribed' as const })),
      evidence,
    )
  }
  for (const list of cancelling) {
    const detail = { ...evidence.detail, account_cancellation_requested: true }
    const applied = await recordChanges(trx, deps, contact, [{ list, to: 'unsubscribed' }], {
      ...evidence,
      detail,
    })
    // Left already (a second press, a racing request): the host was asked once, not again.
    if (applied.length === 0) continue
    const now = deps.now()
    const data = { contact_id: contact.id, list: list.id }
    await queueHostEvent(trx, deps, contact.id, 'account.cancellation_requested', data, now)
  }
}
