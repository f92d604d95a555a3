import type { Db } from '../db/schema.js'
import { IN_CHUNK } from './in-chunk.js'

/**
 * Contacts whose re-subscribe went to Mailchimp as `pending` (Mailchimp held them in a
 * compliance state) and who have not confirmed Mailchimp's mail yet.
 */

/**
 * Records (or keeps) that a contact awaits Mailchimp's confirmation.
 *
 * @example await markAwaitingConfirmation(db, contact.id, deps.now())
 */
export async function markAwaitingConfirmation(
  db: Db,
  contactId: string,
  nowMs: number,
): Promise<void> {
  await db
    .insertInto('mailchimp_member_states')
    .values({ contact_id: contactId, state: 'awaiting_mailchimp_confirmation', since: nowMs })
    .onConflict((oc) => oc.column('contact_id').doNothing())
    .execute()
}

/** Forgets the waiting state (confirmed in Mailchimp, or no longer subscribing). */
export async function clearAwaitingConfirmation(db: Db, contactId: string): Promise<void> {
  await db.deleteFrom('mailchimp_member_states').where('contact_id', '=', contactId).execute()
}

/** Whether the contact awaits Mailchimp's confirmation (the preferences page says so). */
export async function isAwaitingConfirmation(db: Db, contactId: string): Promise<boolean> {
  const row = await db
    .selectFrom('mailchimp_member_states')
    .select('contact_id')
    .where('contact_id', '=', contactId)
    .executeTakeFirst()
  return row !== undefined
}

/** Which of these contacts await Mailchimp's confirmation (in chunks every engine's IN takes). */
export async function awaitingAmong(db: Db, contactIds: string[]): Promise<Set<string>> {
  const awaiting = new Set<string>()
  for (let i = 0; i < contactIds.length; i += IN_CHUNK)
    for (const row of await db
      .selectFrom('mailchimp_member_states')
      .select('contact_id')
      .where('contact_id', 'in', contactIds.slice(i, i + IN_CHUNK))
      .execute())
      awaiting.add(row.contact_id)
  return awaiting
}

/** Every contact awaiting Mailchimp's confirmation, oldest first, for `GET /api/v1/sync`. */
export async function listAwaitingConfirmation(
  db: Db,
  limit: number,
): Promise<{ total: number; contacts: Array<{ contactId: string; since: number }> }> {
  const count = await db
    .selectFrom('mailchimp_member_states')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirst()
  const rows = await db
    .selectFrom('mailchimp_member_states')
    .select(['contact_id', 'since'])
    .orderBy('since')
    .limit(limit)
    .execute()
  return {
    total: Number(count?.n ?? 0),
    contacts: rows.map((row) => ({ contactId: row.contact_id, since: Number(row.since) })),
  }
}
