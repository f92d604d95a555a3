import { PostgresAdapter, sql } from 'kysely'
import { D1_GUARD, D1Adapter } from './d1-dialect.js'
import { AppError } from '../errors.js'
import type { ContactRow, Db } from './schema.js'

/**
 * Serialises concurrent writers of one contact and returns the contact as it is now. Call it
 * FIRST in a transaction that decides from the contact's state and then writes it (recordChanges
 * does), decide from the row it returns rather than one read before the transaction, and run
 * that transaction with `inTransaction`, which runs it again when D1 reports a conflict.
 *
 * - PostgreSQL (READ COMMITTED): `SELECT ... FOR UPDATE` on the contact row; a second
 *   transaction waits here until the first commits, then reads the committed state, so two
 *   requests never both insert the same subscription (a unique violation) or lose an update.
 * - SQLite: Kysely runs one transaction at a time on the single connection: a plain read.
 * - D1: a transaction is one atomic batch at commit and cannot hold a lock. The contact is
 *   read now, and the batch opens with a guard that fails it when its `version` moved meanwhile
 *   (migration 0110), then bumps the version. Of two transactions that read the same version,
 *   the second batch rolls back whole and `inTransaction` runs it again, so it reads what the
 *   first committed: each change is recorded once, as on the other engines.
 *
 * A contact gone meanwhile (erased) is `not_found` on every engine: nothing is written for it.
 * A contact this transaction created (`markCreated`) has nothing to lock: undefined.
 *
 * @example
 * await inTransaction(deps, async (trx) => {
 *   const now = await lockContact(trx, contact.id)
 *   await recordChanges(trx, deps, contact, changes, evidence)
 * })
 */
export async function lockContact(trx: Db, contactId: string): Promise<ContactRow | undefined> {
  return (await lockContacts(trx, [contactId])).get(contactId)
}

/**
 * `lockContact` for several contacts at once (an upemail merge, an import batch): PostgreSQL
 * locks them in id order, so two transactions never wait for each other in a circle; D1 reads
 * their versions in one statement and guards them all with one (their count and the sum of
 * their versions: versions only grow, so both stay the same only if none changed or went).
 * Returns the rows as they are now (under the lock), by id: read when the lock was first taken
 * in this transaction, before its own writes (a second lock reads nothing). A contact created
 * in this transaction (`markCreated`) has none. A contact that is gone (erased meanwhile) is
 * `not_found`: nothing may be written for it.
 *
 * @example const locked = await lockContacts(trx, [from.id, into.id])
 */
export async function lockContacts(
  trx: Db,
  contactIds: readonly string[],
): Promise<Map<string, ContactRow>> {
  const adapter = trx.getExecutor().adapter
  const seen = lockedIn(trx)
  const found = new Map<string, ContactRow>()
  // Once per transaction: the lock is held already (on D1 a second guard would read the
  // version the first one bumps); the row returned is the one read when it was taken.
  for (const id of contactIds) {
    const row = seen.get(id)
    if (row && row !== CREATED) found.set(id, row)
  }
  const ids = [...new Set(contactIds)].filter((id) => !seen.has(id)).sort()
  if (adapter instanceof D1Adapter) {
    if (ids.length > 0) {
      const rows = await trx.selectFrom('contacts').selectAll().where('id', 'in', ids).execute()
      if (rows.length !== ids.length) throw gone()
      for (const row of rows) {
        found.set(row.id, row)
        seen.set(row.id, row)
      }
      const list = sql.join(ids)
      const sum = rows.reduce((total, row) => total + Number(row.version), 0)
      // Sent first in the batch, whatever this transaction queued before (D1_GUARD).
      await sql`${sql.raw(D1_GUARD)}INSERT INTO write_guards (contact_changed_meanwhile)
        SELECT 1 FROM (SELECT COUNT(*) AS n, COALESCE(SUM(version), 0) AS total
          FROM contacts WHERE id IN (${list}))
        WHERE n != ${ids.length} OR total != ${sum}`.execute(trx)
      await sql`${sql.raw(D1_GUARD)}UPDATE contacts SET version = version + 1
        WHERE id IN (${list})`.execute(trx)
    }
    return found
  }
  if (adapter instanceof PostgresAdapter) {
    // One at a time, in id order.
    for (const id of ids) {
      const row = await trx
        .selectFrom('contacts')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirst()
      if (!row) throw gone()
      found.set(id, row)
      seen.set(id, row)
    }
    return found
  }
  // SQLite: one writer at a time, a plain read (one statement: an import batch locks thousands).
  if (ids.length === 0) return found
  const rows = await trx.selectFrom('contacts').selectAll().where('id', 'in', ids).execute()
  if (rows.length !== ids.length) throw gone()
  for (const row of rows) {
    found.set(row.id, row)
    seen.set(row.id, row)
  }
  return found
}

/**
 * Tells lockContact(s) that this transaction created the contact: there is nothing to lock,
 * and on D1 nothing to read (its insert is still queued). `insertContact(s)` call it.
 *
 * @example markCreated(trx, contact.id)
 */
export function markCreated(db: Db, contactId: string): void {
  if (db.isTransaction) lockedIn(db).set(contactId, CREATED)
}

const CREATED = Symbol('created in this transaction')

/** Per open transaction: the contacts it created, and those it locked (with their rows). */
const transactions = new WeakMap<Db, Map<string, ContactRow | typeof CREATED>>()

function lockedIn(trx: Db): Map<string, ContactRow | typeof CREATED> {
  const seen = transactions.get(trx) ?? new Map<string, ContactRow | typeof CREATED>()
  transactions.set(trx, seen)
  return seen
}

/** Erased (or merged away and erased) between the request's first read and its transaction. */
function gone(): AppError {
  return new AppError('not_found', 'No contact with that address')
}
