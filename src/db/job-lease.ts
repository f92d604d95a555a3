import type { Db } from './schema.js'

/**
 * Claims a periodic job for this instance for `leaseMs`: true for exactly one of several
 * instances asking at once (Node processes on one PostgreSQL, Worker isolates on one D1), false
 * for the others and for everyone until the lease has run out. One conditional UPDATE, so it
 * is atomic on SQLite, D1 and PostgreSQL alike (a concurrent UPDATE re-checks the condition on
 * the row the winner wrote). Kept in `settings` under `lease:<name>`. Call it outside a
 * transaction (it reads the number of updated rows).
 *
 * @example
 * if (!(await claimJobLease(deps.db, 'prune-pending', 50 * 60_000, deps.now()))) return 0
 */
export async function claimJobLease(
  db: Db,
  name: string,
  leaseMs: number,
  nowMs: number,
): Promise<boolean> {
  const key = `lease:${name}`
  await db
    .insertInto('settings')
    .values({ key, value: '', updated_at: 0 })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute()
  const result = await db
    .updateTable('settings')
    .set({ value: String(nowMs + leaseMs), updated_at: nowMs })
    .where('key', '=', key)
    .where('updated_at', '<=', nowMs - leaseMs)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) === 1
}
