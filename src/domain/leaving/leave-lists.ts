import type { ContactRow, Db, ListRow, SubscriptionStatus } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { enqueue } from '../../repos/outbox.js'
import { type Evidence, recordChanges } from '../subscription/record-changes.js'

export interface LeavePlan {
  /** Lists that will become unsubscribed. */
  leave: ListRow[]
  /** Account-cancelling lists the person is on but did not explicitly confirm leaving. */
  kept: ListRow[]
}

/**
 * Decides which of `targets` a request leaves. Only lists the person is on (subscribed or
 * pending) change. A list whose `cancels_account` is set is never left by a click alone: it
 * needs `confirmCancel` (an explicit tick under a plain warning), otherwise it is kept.
 * The one rule for unsubscribe links, one-click and the preferences page.
 *
 * @example const plan = planLeave(targets, statuses, false)
 */
export function planLeave(
  targets: ListRow[],
  statuses: Map<string, SubscriptionStatus>,
  confirmCancel: boolean,
): LeavePlan {
  const on = targets.filter((list) => {
    const status = statuses.get(list.id)
    return status === 'subscribed' || status === 'pending'
  })
  return {
    leave: on.filter((list) => !list.cancels_account || confirmCancel),
    kept: on.filter((list) => list.cancels_account && !confirmCancel),
  }
}

/**
 * Writes a plan inside the caller's transaction: one ledger event per list left, and for an
 * account-cancelling list an event marked `account_cancellation_requested` plus, when
 * EVENTS_WEBHOOK_URL is set, an `account.cancellation_requested` event for the host application.
 */
export async function applyLeave(
  trx: Db,
  deps: Pick<Deps, 'now' | 'config'>,
  contact: ContactRow,
  plan: LeavePlan,
  evidence: Evidence,
): Promise<void> {
  const plain = plan.leave.filter((list) => !list.cancels_account)
  const cancelling = plan.leave.filter((list) => list.cancels_account)
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
    await recordChanges(trx, deps, contact, [{ list, to: 'unsubscribed' }], { ...evidence, detail })
    if (deps.config.eventsWebhook) {
      const now = deps.now()
      await enqueue(
        trx,
        'host-webhook',
        contact.id,
        {
          type: 'account.cancellation_requested',
          data: { contact_id: contact.id, list: list.id },
          timestamp: now,
        },
        now,
      )
    }
  }
}
