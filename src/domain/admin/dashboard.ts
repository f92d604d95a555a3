import type { Deps } from '../../deps.js'
import { syncStatus, type SyncStatus } from '../../mailchimp/sync-status.js'
import { countOptOutsBySource, findLeaveDetails } from '../../repos/console-queries.js'
import { type ListStats, listStats } from './stats.js'

const DAY_MS = 86_400_000

/** Where people left from, in the four groups the dashboard shows (plus staff and system). */
export type OptOutGroup = 'one_click' | 'page' | 'mailchimp' | 'bounce' | 'other'

export interface Dashboard {
  days: number
  lists: ListStats[]
  optOuts: Record<OptOutGroup, number>
  /** Reasons people gave when leaving, most frequent first. */
  reasons: { reason: string; n: number }[]
  sync: SyncStatus
}

function groupOf(source: string, toStatus: string): OptOutGroup {
  if (toStatus === 'cleaned') return 'bounce'
  if (source === 'one_click') return 'one_click'
  if (source === 'unsubscribe_page' || source === 'preferences') return 'page'
  if (source === 'mailchimp') return 'mailchimp'
  return 'other'
}

/**
 * Everything the console's dashboard shows: per list the statuses now and joins/leaves per day
 * (the same use-case as `GET /api/v1/stats`), opt-outs by source, reasons given, and the
 * Mailchimp sync health (the same figures as `GET /api/v1/sync` and `/metrics`).
 *
 * @example const view = await dashboardData(deps)
 */
export async function dashboardData(deps: Deps, days = 90): Promise<Dashboard> {
  const since = deps.now() - days * DAY_MS
  const [stats, sources, details, sync] = await Promise.all([
    listStats(deps, days),
    countOptOutsBySource(deps.db, since),
    findLeaveDetails(deps.db, since, 1000),
    syncStatus(deps),
  ])
  const optOuts: Record<OptOutGroup, number> = {
    one_click: 0,
    page: 0,
    mailchimp: 0,
    bounce: 0,
    other: 0,
  }
  for (const row of sources) optOuts[groupOf(row.source, row.to_status)] += row.n
  const reasons = new Map<string, number>()
  for (const row of details) {
    const reason = reasonOf(row.detail)
    if (reason) reasons.set(reason, (reasons.get(reason) ?? 0) + 1)
  }
  return {
    days,
    lists: stats.lists,
    optOuts,
    reasons: [...reasons]
      .map(([reason, n]) => ({ reason, n }))
      .sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason))
      .slice(0, 20),
    sync,
  }
}

/** The `reason` a leaving event's detail carries (pages and Mailchimp's unsubscribe webhook). */
function reasonOf(detail: string | null): string | undefined {
  if (!detail) return undefined
  try {
    const value = JSON.parse(detail) as { reason?: unknown }
    return typeof value.reason === 'string' && value.reason.trim()
      ? value.reason.trim().slice(0, 200)
      : undefined
  } catch {
    return undefined
  }
}
