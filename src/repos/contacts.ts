import type { ContactRow, ContactUpdate, Db, NewContact, SubscriptionRow } from '../db/schema.js'
import { contactId } from '../ids.js'

/**
 * A new, active contact row with a fresh id, not yet stored: the one place its defaults live.
 *
 * @example await insertContact(trx, newContactRow('ada@example.com', deps.now(), { locale: 'fi' }))
 */
export function newContactRow(
  email: string,
  nowMs: number,
  profile: { name?: string | null; locale?: string | null } = {},
): ContactRow {
  return {
    id: contactId(),
    email,
    name: profile.name ?? null,
    locale: profile.locale ?? null,
    status: 'active',
    restricted: 0,
    complained: 0,
    created_at: nowMs,
    updated_at: nowMs,
    version: 0,
  }
}

export function findContactByEmail(db: Db, email: string): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('email', '=', email).executeTakeFirst()
}

export function findContactById(db: Db, id: string): Promise<ContactRow | undefined> {
  return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertContact(db: Db, contact: NewContact): Promise<void> {
  await db.insertInto('contacts').values(contact).execute()
}

/** Updates a contact and bumps its version, so concurrent writers can detect each other. */
export async function updateContact(db: Db, id: string, changes: ContactUpdate): Promise<void> {
  await db
    .updateTable('contacts')
    .set((eb) => ({ ...changes, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .execute()
}

export function findSubscriptions(db: Db, contactId: string): Promise<SubscriptionRow[]> {
  return db.selectFrom('subscriptions').selectAll().where('contact_id', '=', contactId).execute()
}

/** The contacts holding any of these (normalised) addresses. */
export function findContactsByEmail(db: Db, emails: string[]): Promise<ContactRow[]> {
  if (emails.length === 0) return Promise.resolve([])
  return db.selectFrom('contacts').selectAll().where('email', 'in', emails).execute()
}

/** Inserts new contacts in one statement (an import batch). */
export async function insertContacts(db: Db, contacts: NewContact[]): Promise<void> {
  if (contacts.length === 0) return
  await db.insertInto('contacts').values(contacts).execute()
}
