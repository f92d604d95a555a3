import type { Deps } from '../../deps.js'
import { findLists } from '../../repos/lists.js'
import {
  countDailyMoves,
  countSubscriptions,
  findLeaveReasonDetails,
} from '../../repos/consent-events.js'
import { LEAVE_REASONS, type LeaveReason } from '../leaving/leave-follow-up.js'

const DAY_MS = 86_400_000

export interface ListStats {
  id: string
  name: string
  archived: boolean
  counts: { pending: number; subscribed: number; unsubscribed: number }
  /** One entry per UTC day, oldest first, today included. */
  daily: { date: string; joins: number; leaves: number }[]
}

/** How often each answer was given after leaving, over the window, from the ledger. */
function countReasons(details: string[]): Record<LeaveReason, number> {
  const counts = Object.fromEntries(LEAVE_REASONS.map((reason) => [reason, 0])) as Record<
    LeaveReason,
    number
  >
  for (const detail of details) {
    try {
      const reason = (JSON.parse(detail) as { reason?: unknown }).reason
      if (typeof reason === 'string' && reason in counts) counts[reason as LeaveReason] += 1
    } catch {
      // A detail that is not JSON is not a reason this code wrote; it is not counted.
    }
  }
  return counts
}

/**
 * Per list: subscriptions by status now, and joins (events into `subscribed`) and leaves (into
 * `unsubscribed`) per UTC day over the last `days` days, from the ledger; and how often each
 * reason for leaving was given over the same days (`leave_reasons`).
 *
 * @example const { lists } = await listStats(deps)
 */
export async function listStats(
  deps: Pick<Deps, 'db' | 'now'>,
  days = 90,
): Promise<{
  generated_at: string
  days: number
  lists: ListStats[]
  leave_reasons: Record<LeaveReason, number>
}> {
  const today = Math.floor(deps.now() / DAY_MS)
  const firstDay = today - days + 1
  const [lists, counts, moves, reasons] = await Promise.all([
    findLists(deps.db, { includeArchived: true }),
    countSubscriptions(deps.db),
    countDailyMoves(deps.db, firstDay * DAY_MS),
    findLeaveReasonDetails(deps.db, firstDay * DAY_MS),
  ])
  return {
    generated_at: new Date(deps.now()).toISOString(),
    days,
    leave_reasons: countReasons(reasons),
    lists: lists.map((list) => {
      const byStatus = { pending: 0, subscribed: 0, unsubscribed: 0 }
      for (const row of counts) {
        if (row.list_id === list.id && row.status in byStatus)
          byStatus[row.status as keyof typeof byStatus] += row.n
      }
      const daily = Array.from({ length: days }, (_, index) => ({
        date: new Date((firstDay + index) * DAY_MS).toISOString().slice(0, 10),
        joins: 0,
        leaves: 0,
      }))
      for (const row of moves) {
        const entry = row.list_id === list.id ? daily[row.day - firstDay] : undefined
        if (!entry) continue
        if (row.to_status === 'subscribed') entry.joins += row.n
        else entry.leaves += row.n
      }
      return {
        id: list.id,
        name: list.name,
        archived: list.archived === 1,
        counts: byStatus,
        daily,
      }
    }),
  }
}
