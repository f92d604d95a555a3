import { LEAVE_REASON_EVENT } from './consent-events.js'
import type { ConsentEventRow, Db } from '../db/schema.js'

/** Work waiting in the outbox per topic: how many rows and when the oldest was written. */
export async function outboxDepthByTopic(
  db: Db,
): Promise<{ topic: string; depth: number; oldestCreatedAt: number | null }[]> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => [
      'topic',
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.min('created_at').as('oldest'),
    ])
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .groupBy('topic')
    .execute()
  return rows.map((row) => ({
    topic: row.topic,
    depth: Number(row.n),
    oldestCreatedAt: row.oldest === null ? null : Number(row.oldest),
  }))
}

/** Rows in the outbox that failed for good, per topic. */
export async function failedOutboxByTopic(db: Db): Promise<{ topic: string; failed: number }[]> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['topic', eb.fn.countAll<number | string>().as('n')])
    .where('failed_at', 'is not', null)
    .groupBy('topic')
    .execute()
  return rows.map((row) => ({ topic: row.topic, failed: Number(row.n) }))
}

/** Events into `unsubscribed` (or `cleaned`) since `sinceMs`, counted by source and status. */
export async function countOptOutsBySource(
  db: Db,
  sinceMs: number,
): Promise<{ source: string; to_status: string; n: number }[]> {
  const rows = await db
    .selectFrom('consent_events')
    .select((eb) => ['source', 'to_status', eb.fn.countAll<number | string>().as('n')])
    .where('occurred_at', '>=', sinceMs)
    .where('to_status', 'in', ['unsubscribed', 'cleaned'])
    .groupBy(['source', 'to_status'])
    .execute()
  return rows.map((row) => ({ source: row.source, to_status: row.to_status, n: Number(row.n) }))
}

/** The `detail` of recent leaving events that carry a reason (newest first). */
export async function findLeaveDetails(
  db: Db,
  sinceMs: number,
  limit: number,
): Promise<Pick<ConsentEventRow, 'detail' | 'source'>[]> {
  return (
    db
      .selectFrom('consent_events')
      .select(['detail', 'source'])
      .where('occurred_at', '>=', sinceMs)
      // Leaves (Mailchimp's unsubscribe webhook carries its reason) and the reasons people gave
      // on the unsubscribed page, which are events of their own.
      .where('to_status', 'in', ['unsubscribed', 'cleaned', LEAVE_REASON_EVENT])
      // Only rows with a reason: every link leave carries a detail (its kind of link), and
      // those must not push the reasons out of the window.
      .where('detail', 'like', '%"reason":%')
      .orderBy('id', 'desc')
      .limit(limit)
      .execute()
  )
}
