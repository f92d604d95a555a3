import { backoff, type BackoffPolicy } from '../background/backoff.js'
import type { OutboxRow } from '../db/schema.js'
import type { Deps } from '../deps.js'
import { redact } from '../logger.js'
import { IN_CHUNK } from '../repos/in-chunk.js'
import { markDone, markFailed, markRetry, resumeWaiting } from '../repos/outbox.js'
import { deleteSetting, readSettings, writeSetting } from '../repos/settings.js'
import { MailchimpError } from './gateway.js'

/** The settings key of the last successful send, for the status page. */
export const LAST_SUCCESS_KEY = 'mailchimp:last_success'
/**
 * The settings key set while Mailchimp seems unreachable as a whole: a round in which nothing
 * went through and the calls for at least two contacts failed with a network error or a 5xx.
 * The first round that reaches Mailchimp again clears it.
 */
export const OUTAGE_KEY = 'mailchimp:outage'
/** When waiting rows were last made due after an outage (at most once per `RESUME_EVERY_MS`). */
export const RESUMED_KEY = 'mailchimp:outage-resumed'
/**
 * However often outages seem to end (two members Mailchimp keeps answering 500 for, due
 * together, would look like one each time), waiting rows are brought forward at most this often,
 * so no row loses its attempts to a storm of early retries.
 */
const RESUME_EVERY_MS = 10 * 60_000

/** Transient failures are retried with backoff; after this many attempts the row is failed. */
const MAX_ATTEMPTS = 25
const BACKOFF_BASE_MS = 2_000
const BACKOFF_CAP_MS = 30 * 60_000

export interface DrainSummary {
  claimed: number
  /** Contacts sent (one PUT each or as part of a batch). */
  sent: number
  deleted: number
  skipped: number
  retried: number
  failed: number
  /** Rows given back because another drainer was sending the same contact. */
  deferred: number
}

/**
 * Collects the fate of each row; done rows are marked together at the end of the round. It
 * also tells an outage from a refusal: after a round in which Mailchimp could not be reached at
 * all, the first round that reaches it again makes every row still waiting out a retry delay
 * due at once, so a backlog goes as soon as Mailchimp is back rather than over the next 30
 * minutes of per-row backoff.
 *
 * @example const outcome = new Outcome(deps, summary); outcome.done(rows); await outcome.flush()
 */
export class Outcome {
  private readonly doneIds: string[] = []
  /** A call of this round succeeded. */
  private reached = false
  /** Calls of this round that failed as an unreachable Mailchimp does (network error or 5xx). */
  private unreachable = 0

  constructor(
    readonly deps: Deps,
    readonly summary: DrainSummary,
  ) {}

  done(rows: OutboxRow[]): void {
    for (const row of rows) this.doneIds.push(row.id)
  }

  /** Rows settled by a call Mailchimp answered with success. */
  answered(rows: OutboxRow[]): void {
    this.reached = true
    this.done(rows)
  }

  async fail(rows: OutboxRow[], message: string): Promise<void> {
    for (const row of rows) await markFailed(this.deps.db, row.id, message, this.deps.now())
    this.summary.failed += rows.length
  }

  /** A failed call: permanent errors and exhausted retries fail the rows, the rest retry later. */
  async failure(rows: OutboxRow[], error: unknown): Promise<void> {
    const mc =
      error instanceof MailchimpError
        ? error
        : new MailchimpError(undefined, 'Unexpected error', String(error), true)
    // Only Mailchimp's own failures: a database error wrapped above says nothing about it.
    if (error instanceof MailchimpError && mc.retryable && (mc.status ?? 500) >= 500)
      this.unreachable++
    const attempts = Math.max(...rows.map((row) => row.attempts)) + 1
    if (!mc.retryable || attempts >= MAX_ATTEMPTS) {
      await this.fail(rows, describe(mc))
      this.deps.logger.warn('mailchimp sync failed for good', {
        contactId: rows[0]?.contact_id,
        status: mc.status,
        title: mc.title,
        attempts,
      })
    } else {
      await this.retryAll(rows, mc)
    }
  }

  private async retryAll(rows: OutboxRow[], error: unknown): Promise<void> {
    const message = error instanceof MailchimpError ? describe(error) : redact(String(error))
    for (const row of rows) {
      const delay = backoffMs(row.attempts)
      await markRetry(this.deps.db, row.id, message, delay, this.deps.now())
    }
    this.summary.retried += rows.length
  }

  /**
   * Marks the done rows and the last success in one transaction (one commit on the hot path),
   * and records or ends an outage. True when rows waiting for a retry were made due again.
   */
  async flush(): Promise<boolean> {
    const ids = this.doneIds.splice(0)
    const now = this.deps.now()
    if (!this.reached && this.unreachable >= 2)
      await writeSetting(this.deps.db, OUTAGE_KEY, String(now), now)
    if (ids.length === 0) return false
    // Reads first, then writes: on D1 a transaction is one batch sent at commit.
    return this.deps.db.transaction().execute(async (trx) => {
      const outage = this.reached ? await readSettings(trx, OUTAGE_KEY) : new Map()
      for (let i = 0; i < ids.length; i += IN_CHUNK)
        await markDone(trx, ids.slice(i, i + IN_CHUNK), now)
      await writeSetting(trx, LAST_SUCCESS_KEY, String(now), now)
      if (!outage.has(OUTAGE_KEY)) return false
      await deleteSetting(trx, OUTAGE_KEY)
      if (now - Number(outage.get(RESUMED_KEY) ?? 0) < RESUME_EVERY_MS) return false
      await writeSetting(trx, RESUMED_KEY, String(now), now)
      await resumeWaiting(trx, 'mailchimp', now)
      this.deps.logger.info('mailchimp reachable again: waiting rows are due now')
      return true
    })
  }
}

/**
 * Exponential backoff with jitter: 2 s, 4 s, 8 s ... capped at 30 minutes, each scaled by a
 * random factor in [0.5, 1) so that many rows failed together do not come back together.
 */
export const MAILCHIMP_BACKOFF: BackoffPolicy = {
  baseMs: BACKOFF_BASE_MS,
  capMs: BACKOFF_CAP_MS,
  jitter: [0.5, 1],
}

/** The Mailchimp drain's delay before attempt `attempts + 1` (the one `backoff`, its policy). */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  return backoff(MAILCHIMP_BACKOFF, attempts, random)
}

/** Mailchimp's problem detail, kept for the status page; never an address. */
function describe(error: MailchimpError): string {
  return redact(`${error.status ?? 'network'} ${error.title}: ${error.detail}`).slice(0, 1000)
}
