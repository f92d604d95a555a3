import type { Db } from '../db/schema.js'
import { sortableId } from '../ids.js'

/** Topics the outbox carries: `mailchimp` (member sync) and `events` (host webhooks). */
export type OutboxTopic = 'mailchimp' | 'events'

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
  await db
    .insertInto('outbox')
    .values({
      id: sortableId(nowMs),
      topic,
      contact_id: contactId,
      payload: JSON.stringify(payload),
      created_at: nowMs,
      available_at: nowMs,
    })
    .execute()
}
