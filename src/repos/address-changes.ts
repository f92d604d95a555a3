import type { AddressChangeRow, Db } from '../db/schema.js'

/** Stores a requested address change; `id` is the hash of the link's secret. */
export async function insertAddressChange(db: Db, row: AddressChangeRow): Promise<void> {
  await db.insertInto('address_changes').values(row).execute()
}

/** The requested change behind a link's hashed secret, used or not. */
export function findAddressChange(db: Db, id: string): Promise<AddressChangeRow | undefined> {
  return db.selectFrom('address_changes').selectAll().where('id', '=', id).executeTakeFirst()
}

/** Marks a change done; true only for the request that marked it (a second click is a no-op). */
export async function markAddressChangeUsed(db: Db, id: string, nowMs: number): Promise<boolean> {
  const result = await db
    .updateTable('address_changes')
    .set({ used_at: nowMs })
    .where('id', '=', id)
    .where('used_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** A contact's requests not used and not expired (what the person asked and may still confirm). */
export function findOpenAddressChanges(
  db: Db,
  contactId: string,
  nowMs: number,
): Promise<AddressChangeRow[]> {
  return db
    .selectFrom('address_changes')
    .selectAll()
    .where('contact_id', '=', contactId)
    .where('used_at', 'is', null)
    .where('expires_at', '>=', nowMs)
    .orderBy('created_at')
    .execute()
}

/** Deletes requests whose links have expired (used or not); returns how many. */
export async function deleteExpiredAddressChanges(db: Db, nowMs: number): Promise<number> {
  const result = await db
    .deleteFrom('address_changes')
    .where('expires_at', '<', nowMs)
    .executeTakeFirst()
  return Number(result.numDeletedRows ?? 0)
}
