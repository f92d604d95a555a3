import type { Deps } from '../deps.js'
import { LAST_SUCCESS_KEY } from './sync-drain.js'
import { listAwaitingConfirmation } from '../repos/mailchimp-members.js'
import { failedErrorCounts, outboxStats } from '../repos/outbox-stats.js'
import { readSetting } from '../repos/settings.js'
import { storedInterests, syncedLists } from './provisioning.js'
import { MAX_INTERESTS } from './provisioning.js'

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
    /** Failed rows per reason: the HTTP status and Mailchimp's problem title ("400 Invalid Resource"). */
    byReason: Record<string, number>
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
  /**
   * Contacts whose re-subscribe went out as `pending` because Mailchimp held them in a
   * compliance state: Mailchimp has mailed them its own confirmation.
   */
  awaitingMailchimpConfirmation: {
    count: number
    contacts: Array<{ contactId: string; state: 'awaiting_mailchimp_confirmation'; since: string }>
  }
  /** What keeps the audience from mirroring Prefcenter fully, e.g. lists without an interest. */
  warnings: Array<{
    code: 'interest_limit' | 'lists_without_interest'
    message: string
    lists: string[]
  }>
}

/** The reason of a stored error: what precedes Mailchimp's detail ("400 Invalid Resource"). */
export function failureReason(error: string | null): string {
  if (!error) return 'unknown'
  const colon = error.indexOf(':')
  return (colon === -1 ? error : error.slice(0, colon)).trim() || 'unknown'
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
  const byReason: Record<string, number> = {}
  for (const { error, count } of await failedErrorCounts(deps.db)) {
    const reason = failureReason(error)
    byReason[reason] = (byReason[reason] ?? 0) + count
  }
  const awaiting = await listAwaitingConfirmation(deps.db, 50)
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
      byReason,
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
    awaitingMailchimpConfirmation: {
      count: awaiting.total,
      contacts: awaiting.contacts.map((row) => ({
        contactId: row.contactId,
        state: 'awaiting_mailchimp_confirmation' as const,
        since: iso(row.since)!,
      })),
    },
    warnings: await interestWarnings(deps),
  }
}

/**
 * Synced lists that have no interest in the audience once provisioning ran: over Mailchimp's
 * limit of 60 interests per audience they cannot have one, so Mailchimp cannot tell their
 * subscribers apart (the member's status still follows Prefcenter).
 */
async function interestWarnings(deps: Deps): Promise<SyncStatus['warnings']> {
  const audienceId = deps.config.mailchimp?.audienceId
  if (!audienceId) return []
  const stored = await storedInterests(deps, audienceId)
  if (stored.size === 0) return []
  const active = (await syncedLists(deps)).filter((list) => list.archived === 0)
  const missing = active.filter((list) => !stored.has(list.id)).map((list) => list.id)
  if (missing.length === 0) return []
  if (active.length > MAX_INTERESTS)
    return [
      {
        code: 'interest_limit',
        message: `Mailchimp audiences hold at most ${MAX_INTERESTS} interests; ${active.length} lists are synced, so ${missing.length} have no interest in Mailchimp`,
        lists: missing,
      },
    ]
  return [
    {
      code: 'lists_without_interest',
      message: `${missing.length} synced lists have no interest in Mailchimp yet (provisioning was refused or is pending, or other interest categories hold the audience's ${MAX_INTERESTS})`,
      lists: missing,
    },
  ]
}
