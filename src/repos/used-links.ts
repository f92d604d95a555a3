import type { Db } from '../db/schema.js'

/** Whether a single-use link (by its signature) has been spent already. */
export async function isLinkUsed(db: Db, id: string): Promise<boolean> {
  const row = await db.selectFrom('used_links').select('id').where('id', '=', id).executeTakeFirst()
  return row !== undefined
}

/**
 * Marks a single-use link spent. Two uses racing both pass `isLinkUsed`; the second insert
 * then hits the primary key and fails, so at most one of them acts.
 *
 * @example await markLinkUsed(trx, signature, deps.now())
 */
export async function markLinkUsed(db: Db, id: string, nowMs: number): Promise<void> {
  await db.insertInto('used_links').values({ id, used_at: nowMs }).execute()
}
