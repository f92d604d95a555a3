import type { ContactRow, Db, SubscriptionRow } from '../db/schema.js'
import { IN_CHUNK } from './in-chunk.js'

/** Reads of contacts and their history that the Mailchimp sync and reconcile need, in bulk. */

/** Contacts by id with their subscriptions, in chunks that every engine's IN accepts. */
export async function loadContactsWithSubscriptions(db: Db, ids: string[]) {
  const contacts = new Map<string, ContactRow>()
  const subscriptions = new Map<string, SubscriptionRow[]>()
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK)
    for (const row of await db
      .selectFrom('contacts')
      .selectAll()
      .where('id', 'in', chunk)
      .execute())
      contacts.set(row.id, row)
    for (const row of await db
      .selectFrom('subscriptions')
      .selectAll()
      .where('contact_id', 'in', chunk)
      .execute()) {
      subscriptions.set(row.contact_id, [...(subscriptions.get(row.contact_id) ?? []), row])
    }
  }
  return { contacts, subscriptions }
}

/** Contacts by address, in chunks. */
export async function contactsByEmail(db: Db, emails: string[]): Promise<Map<string, ContactRow>> {
  const found = new Map<string, ContactRow>()
  for (let i = 0; i < emails.length; i += IN_CHUNK) {
    for (const row of await db
      .selectFrom('contacts')
      .selectAll()
      .where('email', 'in', emails.slice(i, i + IN_CHUNK))
      .execute())
      found.set(row.email, row)
  }
  return found
}

/** Active, unrestricted contacts subscribed to at least one of `listIds`: the ones Mailchimp should hold. */
export async function contactsExpectedInMailchimp(
  db: Db,
  listIds: string[],
): Promise<Array<{ id: string; email: string }>> {
  if (listIds.length === 0) return []
  return db
    .selectFrom('contacts')
    .select(['contacts.id', 'contacts.email'])
    .distinct()
    .innerJoin('subscriptions', 'subscriptions.contact_id', 'contacts.id')
    .where('subscriptions.status', '=', 'subscribed')
    .where('subscriptions.list_id', 'in', listIds)
    .where('contacts.status', '=', 'active')
    .where('contacts.restricted', '=', 0)
    .execute()
}

/** Contact ids that have ever been subscribed to something, according to the ledger. */
export async function everSubscribed(db: Db, contactIds: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < contactIds.length; i += IN_CHUNK) {
    const chunk = contactIds.slice(i, i + IN_CHUNK)
    const rows = await db
      .selectFrom('consent_events')
      .select('contact_id')
      .distinct()
      .where('contact_id', 'in', chunk)
      .where('to_status', '=', 'subscribed')
      .execute()
    for (const row of rows) found.add(row.contact_id)
  }
  return found
}

/** Per list: when the last change of this contact's subscription to it happened (ledger time). */
export async function latestChangeByList(db: Db, contactId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('consent_events')
    .select((eb) => ['list_id', eb.fn.max('occurred_at').as('at')])
    .where('contact_id', '=', contactId)
    .where('list_id', 'is not', null)
    .groupBy('list_id')
    .execute()
  return new Map(rows.map((row) => [row.list_id!, Number(row.at)]))
}
