import { PostgresAdapter } from 'kysely'
import type { Db } from './schema.js'

/**
 * Serialises concurrent writers of one contact. Call it FIRST in a transaction that reads a
 * contact's subscriptions and then writes them (recordChanges), before those reads.
 *
 * - PostgreSQL (READ COMMITTED): `SELECT ... FOR UPDATE` on the contact row; a second
 *   transaction waits here until the first commits, then reads the committed state, so two
 *   requests never both insert the same subscription (a unique violation) or lose an update.
 * - SQLite: Kysely runs one transaction at a time on the single connection: nothing to do.
 * - D1: a transaction is one atomic batch at commit and cannot hold locks: nothing to do here;
 *   writes must tolerate a concurrent writer (upserts rather than insert-after-read).
 *
 * The engine is read from the connection itself, so callers need nothing but the transaction.
 *
 * @example
 * await deps.db.transaction().execute(async (trx) => {
 *   await lockContact(trx, contact.id)
 *   await recordChanges(trx, deps, contact, changes, evidence)
 * })
 */
export async function lockContact(trx: Db, contactId: string): Promise<void> {
  if (!(trx.getExecutor().adapter instanceof PostgresAdapter)) return
  await trx.selectFrom('contacts').select('id').where('id', '=', contactId).forUpdate().execute()
}
