import { sql } from 'kysely'
import type { ConsentEventRow, Db, NewConsentEvent } from '../db/schema.js'
import type { DatabaseKind } from '../deps.js'
import { insertRows } from './insert-rows.js'

/** Appends one event: the ledger is append-only, nothing here updates or deletes. */
export async function appendEvent(db: Db, event: NewConsentEvent): Promise<void> {
  await db.insertInto('consent_events').values(event).execute()
}

/** Appends many events (an import batch), in as few statements as the engine allows. */
export async function appendEvents(
  db: Db,
  kind: DatabaseKind,
  events: NewConsentEvent[],
): Promise<void> {
  await insertRows(db, kind, 'consent_events', events)
}

export interface LedgerFilter {
  contactIds?: string[]
  email?: string
  listId?: string
  source?: string
  fromMs?: number
  toMs?: number
  /** Only events with an id below this one (the cursor of the previous page). */
  beforeId?: string
  limit: number
}

/** The ledger newest first, filtered; ids sort by recording time, so they double as cursors. */
export function findEvents(db: Db, filter: LedgerFilter): Promise<ConsentEventRow[]> {
  let query = db.selectFrom('consent_events').selectAll()
  if (filter.contactIds && filter.email) {
    const { contactIds, email } = filter
    query = query.where((eb) =>
      eb.or([eb('contact_id', 'in', contactIds), eb('email', '=', email)]),
    )
  } else if (filter.contactIds) query = query.where('contact_id', 'in', filter.contactIds)
  else if (filter.email) query = query.where('email', '=', filter.email)
  if (filter.listId) query = query.where('list_id', '=', filter.listId)
  if (filter.source) query = query.where('source', '=', filter.source as ConsentEventRow['source'])
  if (filter.fromMs !== undefined) query = query.where('occurred_at', '>=', filter.fromMs)
  if (filter.toMs !== undefined) query = query.where('occurred_at', '<=', filter.toMs)
  if (filter.beforeId) query = query.where('id', '<', filter.beforeId)
  return query.orderBy('id', 'desc').limit(filter.limit).execute()
}

/** One contact's whole history, oldest first. */
export function findContactEvents(db: Db, contactId: string): Promise<ConsentEventRow[]> {
  return db
    .selectFrom('consent_events')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('id')
    .execute()
}

/** Subscriptions per list and status. */
export async function countSubscriptions(
  db: Db,
): Promise<{ list_id: string; status: string; n: number }[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .select(['list_id', 'status', (eb) => eb.fn.countAll<number | string>().as('n')])
    .groupBy(['list_id', 'status'])
    .execute()
  return rows.map((row) => ({ list_id: row.list_id, status: row.status, n: Number(row.n) }))
}

/**
 * Events into `subscribed` or `unsubscribed` since `sinceMs`, counted per list, day (days since
 * the epoch, by integer division, which SQLite, D1 and PostgreSQL all do on integers) and status.
 */
export async function countDailyMoves(
  db: Db,
  sinceMs: number,
): Promise<{ list_id: string; day: number; to_status: string; n: number }[]> {
  const day = sql<number | string>`occurred_at / 86400000`
  const rows = await db
    .selectFrom('consent_events')
    .select([
      'list_id',
      'to_status',
      day.as('day'),
      (eb) => eb.fn.countAll<number | string>().as('n'),
    ])
    .where('occurred_at', '>=', sinceMs)
    .where('to_status', 'in', ['subscribed', 'unsubscribed'])
    .where('list_id', 'is not', null)
    .groupBy(['list_id', 'to_status', day])
    .execute()
  return rows.map((row) => ({
    list_id: row.list_id!,
    to_status: row.to_status,
    day: Math.floor(Number(row.day)),
    n: Number(row.n),
  }))
}

/**
 * The sign-up and subscribe events of the given contacts, oldest first: the export's consent
 * evidence per (contact, list).
 */
export function findConsentEvidence(db: Db, contactIds: string[]) {
  return db
    .selectFrom('consent_events')
    .select([
      'contact_id',
      'list_id',
      'to_status',
      'source',
      'consent_text',
      'occurred_at',
      'ip',
      'detail',
    ])
    .where('contact_id', 'in', contactIds)
    .where('to_status', 'in', ['subscribed', 'pending'])
    .orderBy('id')
    .execute()
}

/** The ledger `to_status` of a reason given after leaving (an event of the contact, no list). */
export const LEAVE_REASON_EVENT = 'leave_reason'

/** The details of every leave reason recorded since `sinceMs` (JSON text), for counting. */
export async function findLeaveReasonDetails(db: Db, sinceMs: number): Promise<string[]> {
  const rows = await db
    .selectFrom('consent_events')
    .select('detail')
    .where('to_status', '=', LEAVE_REASON_EVENT)
    .where('occurred_at', '>=', sinceMs)
    .execute()
  return rows.flatMap((row) => (row.detail ? [row.detail] : []))
}

/** Whether the contact gave a leave reason at or after `sinceMs`. */
export async function hasLeaveReasonSince(
  db: Db,
  contactId: string,
  sinceMs: number,
): Promise<boolean> {
  const row = await db
    .selectFrom('consent_events')
    .select('id')
    .where('contact_id', '=', contactId)
    .where('to_status', '=', LEAVE_REASON_EVENT)
    .where('occurred_at', '>=', sinceMs)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Per list, how the contact's latest change to it recorded since `sinceMs` was made (ledger
 * order: event ids sort by time, then by a sequence within one millisecond). Lists without a
 * change in that time are absent.
 */
export async function latestListChanges(
  db: Db,
  contactId: string,
  sinceMs: number,
): Promise<Map<string, Pick<ConsentEventRow, 'from_status' | 'to_status' | 'source' | 'detail'>>> {
  const rows = await db
    .selectFrom('consent_events')
    .select(['list_id', 'from_status', 'to_status', 'source', 'detail'])
    .where('contact_id', '=', contactId)
    .where('list_id', 'is not', null)
    .where('recorded_at', '>=', sinceMs)
    .orderBy('id')
    .execute()
  const latest = new Map<
    string,
    Pick<ConsentEventRow, 'from_status' | 'to_status' | 'source' | 'detail'>
  >()
  // Ascending, so the last row of a list wins.
  for (const row of rows)
    latest.set(row.list_id!, {
      from_status: row.from_status,
      to_status: row.to_status,
      source: row.source,
      detail: row.detail,
    })
  return latest
}
