import type { Db } from '../db/schema.js'

/** A paused subscription: whose, which list, and when it resumes. */
export interface Pause {
  contactId: string
  listId: string
  pausedUntil: number
}

/**
 * Pauses a subscribed list until `untilMs`. Only a subscribed, unpaused row changes, so a
 * racing leave or a second pause is not overwritten.
 *
 * @example await pauseSubscription(trx, contact.id, 'newsletter', Date.UTC(2027, 0, 1))
 */
export async function pauseSubscription(
  db: Db,
  contactId: string,
  listId: string,
  untilMs: number,
): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set({ paused_until: untilMs })
    .where('contact_id', '=', contactId)
    .where('list_id', '=', listId)
    .where('status', '=', 'subscribed')
    .where('paused_until', 'is', null)
    .execute()
}

/**
 * Ends a pause (the person resumed, or its time passed). A row that is not paused is left alone.
 *
 * @example await endPause(trx, contact.id, 'newsletter')
 */
export async function endPause(db: Db, contactId: string, listId: string): Promise<void> {
  await db
    .updateTable('subscriptions')
    .set({ paused_until: null })
    .where('contact_id', '=', contactId)
    .where('list_id', '=', listId)
    .where('paused_until', 'is not', null)
    .execute()
}

/**
 * Pauses whose end is at or before `nowMs`, oldest end first, at most `limit`.
 *
 * @example const due = await findDuePauses(deps.db, deps.now(), 200)
 */
export async function findDuePauses(db: Db, nowMs: number, limit: number): Promise<Pause[]> {
  const rows = await db
    .selectFrom('subscriptions')
    .select(['contact_id', 'list_id', 'paused_until'])
    .where('paused_until', 'is not', null)
    .where('paused_until', '<=', nowMs)
    .orderBy('paused_until')
    .orderBy('contact_id')
    .orderBy('list_id')
    .limit(limit)
    .execute()
  return rows.map((row) => ({
    contactId: row.contact_id,
    listId: row.list_id,
    pausedUntil: Number(row.paused_until),
  }))
}
