import { PostgresAdapter, sql } from 'kysely'
import { D1_GUARD, D1Adapter } from './d1-dialect.js'
import type { Db } from './schema.js'

/**
 * Serialises concurrent writers of one contact. Call it FIRST in a transaction that reads a
 * contact's subscriptions and then writes them (recordChanges), before those reads, and run
 * that transaction with `inTransaction`, which runs it again when D1 reports a conflict.
 *
 * - PostgreSQL (READ COMMITTED): `SELECT ... FOR UPDATE` on the contact row; a second
 *   transaction waits here until the first commits, then reads the committed state, so two
 *   requests never both insert the same subscription (a unique violation) or lose an update.
 * - SQLite: Kysely runs one transaction at a time on the single connection: nothing to do.
 * - D1: a transaction is one atomic batch at commit and cannot hold a lock. The contact's
 *   `version` is read now, and the batch opens with a guard that fails it when the version
 *   moved meanwhile (migration 0110), then bumps the version. Of two transactions that read the
 *   same version, the second batch rolls back whole and `inTransaction` runs it again, so it
 *   reads what the first committed: each change is recorded once, as on the other engines.
 *   A contact not yet committed (created in this transaction) has nothing to guard.
 *
 * The engine is read from the connection itself, so callers need nothing but the transaction.
 *
 * @example
 * await inTransaction(deps, async (trx) => {
 *   await lockContact(trx, contact.id)
 *   await recordChanges(trx, deps, contact, changes, evidence)
 * })
 */
export function lockContact(trx: Db, contactId: string): Promise<void> {
  return lockContacts(trx, [contactId])
}

/**
 * `lockContact` for several contacts at once (an upemail merge, an import batch): PostgreSQL
 * locks them in id order, so two transactions never wait for each other in a circle; D1 reads
 * their versions in one statement and guards them all with one (their count and the sum of
 * their versions: versions only grow, so both stay the same only if none changed or went).
 *
 * @example await lockContacts(trx, [from.id, into.id])
 */
export async function lockContacts(trx: Db, contactIds: readonly string[]): Promise<void> {
  const adapter = trx.getExecutor().adapter
  if (adapter instanceof PostgresAdapter) {
    for (const id of [...new Set(contactIds)].sort())
      await trx.selectFrom('contacts').select('id').where('id', '=', id).forUpdate().execute()
    return
  }
  if (!(adapter instanceof D1Adapter)) return
  const guarded = guardedContacts.get(trx) ?? new Set<string>()
  guardedContacts.set(trx, guarded)
  // Once per transaction: a second guard would read the version the first one bumps.
  const ids = [...new Set(contactIds)].filter((id) => !guarded.has(id))
  if (ids.length === 0) return
  for (const id of ids) guarded.add(id)
  const rows = await trx
    .selectFrom('contacts')
    .select(['id', 'version'])
    .where('id', 'in', ids)
    .execute()
  // Contacts not yet committed (created in this transaction) have nothing to guard.
  if (rows.length === 0) return
  const found = sql.join(rows.map((row) => row.id))
  const sum = rows.reduce((total, row) => total + Number(row.version), 0)
  // Sent first in the batch, whatever this transaction queued before (D1_GUARD).
  await sql`${sql.raw(D1_GUARD)}INSERT INTO write_guards (contact_changed_meanwhile)
    SELECT 1 FROM (SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS total
      FROM contacts WHERE id IN (${found}))
    WHERE n != ${rows.length} OR total != ${sum}`.execute(trx)
  await sql`${sql.raw(D1_GUARD)}UPDATE contacts SET version = version + 1
    WHERE id IN (${found})`.execute(trx)
}

/** The contacts each open D1 transaction has guarded already. */
const guardedContacts = new WeakMap<Db, Set<string>>()
