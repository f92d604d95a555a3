import type { Db } from '../db/schema.js'
import { sortableId } from '../ids.js'
import type { DatabaseKind } from '../deps.js'
import { IN_CHUNK } from './in-chunk.js'
import { insertRows } from './insert-rows.js'

/** Topics the outbox carries: `mailchimp` (member sync) and `events` (host webhooks). */
export type OutboxTopic = 'mailchimp' | 'host-webhook'

/** Work for another system, before it becomes an outbox row. */
export interface OutboxItem {
  topic: OutboxTopic
  contactId: string | null
  payload: unknown
}

/** A new outbox row: the one place its id, JSON payload and times are made. */
export type NewOutboxRow = ReturnType<typeof outboxRow>

/**
 * The row `enqueue` writes for an item, due at once.
 *
 * @example await enqueueRows(trx, 'sqlite', [outboxRow(item, now)])
 */
export function outboxRow(item: OutboxItem, nowMs: number) {
  return {
    id: sortableId(nowMs),
    topic: item.topic,
    contact_id: item.contactId,
    payload: JSON.stringify(item.payload),
    created_at: nowMs,
    available_at: nowMs,
  }
}

/**
 * Appends work for another system. Call it inside the transaction that makes the change, so
 * that the change and the promise to tell others about it commit together or not at all.
 */
export async function enqueue(
  db: Db,
  topic: OutboxTopic,
  contactId: string | null,
  payload: unknown,
  nowMs: number,
): Promise<void> {
  await enqueueRow(db, outboxRow({ topic, contactId, payload }, nowMs))
}

/** Appends one row built by `outboxRow`, like `enqueue`. */
export async function enqueueRow(db: Db, row: NewOutboxRow): Promise<void> {
  await db.insertInto('outbox').values(row).execute()
}

/** Appends many rows built by `outboxRow` (an import batch), in as few statements as allowed. */
export async function enqueueRows(db: Db, kind: DatabaseKind, rows: NewOutboxRow[]): Promise<void> {
  await insertRows(db, kind, 'outbox', rows)
}

export interface ClaimOptions {
  topic: OutboxTopic
  /** Unique per drain pass, so a pass finds exactly the rows it claimed. */
  claimToken: string
  limit: number
  /** How long the claim holds; a crashed drainer's rows become claimable again after it. */
  leaseMs: number
  nowMs: number
}

/**
 * Claims up to `limit` due rows with a lease, oldest first, and returns them. Portable across
 * SQLite, D1 and PostgreSQL: the conditions are repeated on the outer UPDATE so that, on
 * PostgreSQL, a row another instance claimed meanwhile is re-checked and skipped, so each row
 * goes to exactly one drainer.
 */
export async function claimDue(db: Db, options: ClaimOptions) {
  const { topic, claimToken, limit, leaseMs, nowMs } = options
  await db
    .updateTable('outbox')
    .set({ claimed_by: claimToken, claimed_until: nowMs + leaseMs })
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('outbox')
        .select('id')
        .where('topic', '=', topic)
        .where('done_at', 'is', null)
        .where('failed_at', 'is', null)
        .where('available_at', '<=', nowMs)
        .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', nowMs)]))
        .orderBy('id')
        .limit(limit),
    )
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where((w) => w.or([w('claimed_until', 'is', null), w('claimed_until', '<', nowMs)]))
    .execute()
  return db
    .selectFrom('outbox')
    .selectAll()
    .where('claimed_by', '=', claimToken)
    .where('done_at', 'is', null)
    .orderBy('id')
    .execute()
}

/**
 * Marks rows done and releases their claim. A delivered row keeps nothing of what it carried:
 * a Mailchimp deletion's payload is the MD5 of an erased address, enough to find that person's
 * ledger again by guessing the address (a privacy review).
 */
export async function markDone(db: Db, ids: string[], nowMs: number): Promise<void> {
  if (ids.length === 0) return
  await db
    .updateTable('outbox')
    .set({ done_at: nowMs, claimed_by: null, claimed_until: null, payload: '{}' })
    .where('id', 'in', ids)
    .execute()
}

/** Schedules another attempt after `delayMs` and keeps the error for the status page. */
export async function markRetry(
  db: Db,
  id: string,
  error: string,
  delayMs: number,
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 2000),
      available_at: nowMs + delayMs,
      claimed_by: null,
      claimed_until: null,
    }))
    .where('id', '=', id)
    .execute()
}

/** Gives up on a row for good (a permanent error), keeping the error. */
export async function markFailed(db: Db, id: string, error: string, nowMs: number): Promise<void> {
  await db
    .updateTable('outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error.slice(0, 2000),
      failed_at: nowMs,
      claimed_by: null,
      claimed_until: null,
    }))
    .where('id', '=', id)
    .execute()
}

/**
 * Releases every claim at once. Only for a database one process owns (SQLite on one machine):
 * at start-up the claims of a process that crashed need not wait out their lease. A claim of
 * another live process released by mistake costs a duplicate send of the same latest state,
 * never a lost one.
 */
export async function releaseAllClaims(db: Db): Promise<number> {
  const result = await db
    .updateTable('outbox')
    .set({ claimed_by: null, claimed_until: null })
    .where('claimed_by', 'is not', null)
    .where('done_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows)
}

/**
 * For the given contacts: the oldest mailchimp row another drainer holds under a live lease.
 * Lets a drainer leave a contact alone while another one is sending it, so that two states of
 * one contact never race each other to Mailchimp.
 */
export async function rowsHeldByOthers(
  db: Db,
  claimToken: string,
  contactIds: string[],
  nowMs: number,
): Promise<Map<string, string>> {
  const held = new Map<string, string>()
  for (let i = 0; i < contactIds.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom('outbox')
      .select((eb) => ['contact_id', eb.fn.min('id').as('first')])
      .where('topic', '=', 'mailchimp')
      .where('contact_id', 'in', contactIds.slice(i, i + IN_CHUNK))
      .where('claimed_by', '!=', claimToken)
      .where('claimed_until', '>', nowMs)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .groupBy('contact_id')
      .execute()
    for (const row of rows) held.set(row.contact_id!, String(row.first))
  }
  return held
}

/**
 * Extends the lease of the rows a live drainer still holds under `claimToken`, so that a pass
 * slower than one lease (a slow receiver, many calls) keeps its rows to itself.
 */
export async function extendClaim(
  db: Db,
  topic: OutboxTopic,
  claimToken: string,
  claimedUntil: number,
): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ claimed_until: claimedUntil })
    .where('topic', '=', topic)
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('claimed_by', '=', claimToken)
    .execute()
}

/**
 * Makes every row of `topic` that waits out a retry delay due now: the counterpart that failed
 * them is answering again, so the backlog goes at once instead of row by row over the backoff.
 */
export async function resumeWaiting(db: Db, topic: OutboxTopic, nowMs: number): Promise<void> {
  await db
    .updateTable('outbox')
    .set({ available_at: nowMs })
    .where('topic', '=', topic)
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('available_at', '>', nowMs)
    .where('attempts', '>', 0)
    .execute()
}

/** Gives claimed rows back untouched (no attempt counted), for a later pass. */
export async function releaseClaims(db: Db, claimToken: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    await db
      .updateTable('outbox')
      .set({ claimed_by: null, claimed_until: null })
      .where('id', 'in', ids.slice(i, i + IN_CHUNK))
      .where('claimed_by', '=', claimToken)
      .execute()
  }
}

/**
 * Forgets delivered rows done before `beforeMs`, in batches (each its own statement, short on
 * every engine) until none is left or `maxBatches` ran: their work is done and the ledger is the
 * record. Returns how many went.
 */
export async function pruneDone(
  db: Db,
  beforeMs: number,
  { batch = 5000, maxBatches = 200 } = {},
): Promise<number> {
  let pruned = 0
  for (let round = 0; round < maxBatches; round++) {
    const result = await db
      .deleteFrom('outbox')
      .where(
        'id',
        'in',
        db.selectFrom('outbox').select('id').where('done_at', '<', beforeMs).limit(batch),
      )
      .executeTakeFirst()
    const deleted = Number(result.numDeletedRows)
    pruned += deleted
    if (deleted < batch) break
  }
  return pruned
}
