import type { Db } from '../db/schema.js'

/** Which of `hashes` are on the suppression list. */
export async function suppressedAmong(db: Db, hashes: string[]): Promise<Set<string>> {
  if (hashes.length === 0) return new Set()
  const rows = await db
    .selectFrom('suppressions')
    .select('email_hash')
    .where('email_hash', 'in', hashes)
    .execute()
  return new Set(rows.map((row) => row.email_hash))
}

/** Adds a hash; one already there stays as it was (its first reason and time). */
export async function insertSuppression(
  db: Db,
  row: { email_hash: string; reason: string; created_at: number },
): Promise<void> {
  await db
    .insertInto('suppressions')
    .values(row)
    .onConflict((oc) => oc.column('email_hash').doNothing())
    .execute()
}

export async function deleteSuppressions(db: Db, hashes: string[]): Promise<void> {
  await db.deleteFrom('suppressions').where('email_hash', 'in', hashes).execute()
}
