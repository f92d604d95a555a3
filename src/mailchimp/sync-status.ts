import type { Deps } from '../deps.js'
import { LAST_SUCCESS_KEY } from './sync-drain.js'
import { outboxStats } from '../repos/outbox-stats.js'
import { readSetting } from '../repos/settings.js'

export interface SyncStatus {
  enabled: boolean
  audienceId: string | null
  queue: {
    depth: number
    retrying: number
    oldestWaitingAt: string | null
    oldestWaitingAgeMs: number | null
  }
  failures: {
    count: number
    recent: Array<{
      id: string
      contactId: string | null
      attempts: number
      failedAt: string | null
      error: string | null
    }>
  }
  recentErrors: Array<{
    id: string
    contactId: string | null
    attempts: number
    nextAttemptAt: string
    error: string | null
  }>
  lastSuccessAt: string | null
}

const iso = (ms: number | null | undefined) =>
  ms === null || ms === undefined ? null : new Date(ms).toISOString()

/**
 * What `GET /api/v1/sync` shows: queue depth, the oldest waiting change and its age, failures
 * (count and the last few with Mailchimp's problem detail), retries under way, last success.
 * Errors were redacted when stored: no addresses.
 *
 * @example const status = await syncStatus(deps)
 */
export async function syncStatus(deps: Deps): Promise<SyncStatus> {
  const stats = await outboxStats(deps.db)
  const lastSuccess = await readSetting(deps.db, LAST_SUCCESS_KEY)
  return {
    enabled: deps.config.mailchimp !== undefined,
    audienceId: deps.config.mailchimp?.audienceId ?? null,
    queue: {
      depth: stats.waiting,
      retrying: stats.retrying,
      oldestWaitingAt: iso(stats.oldestWaitingAt),
      oldestWaitingAgeMs:
        stats.oldestWaitingAt === null ? null : Math.max(0, deps.now() - stats.oldestWaitingAt),
    },
    failures: {
      count: stats.failed,
      recent: stats.lastFailures.map((row) => ({
        id: row.id,
        contactId: row.contact_id,
        attempts: row.attempts,
        failedAt: iso(row.failed_at),
        error: row.last_error,
      })),
    },
    recentErrors: stats.lastErrors.map((row) => ({
      id: row.id,
      contactId: row.contact_id,
      attempts: row.attempts,
      nextAttemptAt: iso(row.available_at)!,
      error: row.last_error,
    })),
    lastSuccessAt: lastSuccess ? iso(Number(lastSuccess)) : null,
  }
}
