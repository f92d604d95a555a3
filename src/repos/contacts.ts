import type { ContactRow, ContactUpdate, Db, NewContact, SubscriptionRow } from '../db/schema.js'
import { markCreated } from '../db/locks.js'
import type { DatabaseKind } from '../deps.js'
import { contactId } from '../ids.js'
import { insertRows } from './insert-rows.js'

/**
 * A new, active contact row with a fresh id (or `id`, from a `contactIdRun`), not yet stored:
 * the one place its defaults live.
 *
 * @example await insertContact(trx, newContactRow('ada@example.com', deps.now(), { locale: 'fi' }))
 */
export function newContactRow(
  email: string,
  nowMs: number,
  profile: { name?: string | null; locale?: string | null } = {},
  id: string = contactId(),
): ContactRow {
  return {
    id,
    email,
    name: profile.name ?? null,
    locale: profile.locale ?? null,
    status: 'active',
    restricted: 0,
    complained: 0,
    created_at: nowMs,
    updated_at: nowMs,
    version: 0,
    address_version: 0,
    merged_into: null,
  }
}

export function findContactByEmail(db: Db, email: string): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('email', '=', email).executeTakeFirst()
}

export function findContactById(db: Db, id: string): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * Every contact merged into `id` by Mailchimp's `upemail`, and those merged into them in turn
 * (a person who changed address twice), oldest merge chain included.
 */
export async function findMergedInto(db: Db, id: string): Promise<ContactRow[]> {
  const found: ContactRow[] = []
  const seen = new Set([id])
  let next = [id]
  while (next.length > 0) {
    const rows = await db
      .selectFrom('contacts')
      .selectAll()
      .where('merged_into', 'in', next)
      .execute()
    next = []
    for (const row of rows)
      if (!seen.has(row.id)) {
        seen.add(row.id)
        found.push(row)
        next.push(row.id)
      }
  }
  return found
}

export async function insertContact(db: Db, contact: NewContact): Promise<void> {
  await db.insertInto('contacts').values(contact).execute()
  markCreated(db, contact.id)
}

/**
 * Updates a contact and bumps its version, so concurrent writers can detect each other. A new
 * `email` also bumps `address_version`: every link issued for the old address stops working,
 * whoever changed it (admin API, Mailchimp upemail, the person's own confirmed change). So does
 * `merged_into` (an upemail onto an address that had its own contact): the address moved there,
 * and links sent before answer 410; links issued for the old contact afterwards work again.
 *
 * @example await updateContact(trx, contact.id, { email: 'new@example.com', updated_at: now })
 */
export async function updateContact(db: Db, id: string, changes: ContactUpdate): Promise<void> {
  await db
    .updateTable('contacts')
    .set((eb) => ({
      ...changes,
      version: eb('version', '+', 1),
      ...(changes.email === undefined && changes.merged_into === undefined
        ? {}
        : { address_version: eb('address_version', '+', 1) }),
    }))
    .where('id', '=', id)
    .execute()
}

/**
 * Writes a contact row and its subscriptions back unchanged: a committed write to the same
 * tables, costing what a sign-up's inserts cost. Paths that must not be told apart by their timing (an address already subscribed vs a
 * new one) use it where the other path writes.
 *
 * @example await rewriteContact(deps.db, contact.id)
 */
export async function rewriteContact(db: Db, id: string): Promise<void> {
  await db
    .updateTable('contacts')
    .set((eb) => ({ version: eb.ref('version') }))
    .where('id', '=', id)
    .execute()
  await db
    .updateTable('subscriptions')
    .set((eb) => ({ status: eb.ref('status') }))
    .where('contact_id', '=', id)
    .execute()
}

export function findSubscriptions(db: Db, contactId: string): Promise<SubscriptionRow[]> {
  // In list order, the same on every engine (an upemail merge writes its changes in this order).
  return db
    .selectFrom('subscriptions')
    .selectAll()
    .where('contact_id', '=', contactId)
    .orderBy('list_id')
    .execute()
}

/** The contacts holding any of these (normalised) addresses. */
export function findContactsByEmail(db: Db, emails: string[]): Promise<ContactRow[]> {
  if (emails.length === 0) return Promise.resolve([])
  return db.selectFrom('contacts').selectAll().where('email', 'in', emails).execute()
}

/** Inserts new contacts (an import batch) in as few statements as the engine allows. */
export async function insertContacts(
  db: Db,
  kind: DatabaseKind,
  contacts: NewContact[],
): Promise<void> {
  await insertRows(db, kind, 'contacts', contacts)
  for (const contact of contacts) markCreated(db, contact.id)
}
