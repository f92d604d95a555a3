import type { Db } from '../db/schema.js'

/**
 * Counts one hit in a fixed window and returns the hits so far, the new one included. Kept in
 * the database so that every Node process and every Worker isolate shares the same counters.
 */
export async function hit(
  db: Db,
  bucket: string,
  windowMs: number,
  nowMs: number,
): Promise<number> {
  const windowStart = nowMs - (nowMs % windowMs)
  const row = await db
    .insertInto('rate_limits')
    .values({ bucket, window_start: windowStart, hits: 1 })
    .onConflict((oc) =>
      oc
        .columns(['bucket', 'window_start'])
        .doUpdateSet((eb) => ({ hits: eb('rate_limits.hits', '+', 1) })),
    )
    .returning('hits')
    .executeTakeFirstOrThrow()
  return Number(row.hits)
}

/** Takes back one hit of the current window (an attempt that turned out not to count). */
export async function forgetHit(
  db: Db,
  bucket: string,
  windowMs: number,
  nowMs: number,
): Promise<void> {
  await db
    .updateTable('rate_limits')
    .set((eb) => ({ hits: eb('hits', '-', 1) }))
    .where('bucket', '=', bucket)
    .where('window_start', '=', nowMs - (nowMs % windowMs))
    .where('hits', '>', 0)
    .execute()
}

/** Drops windows that ended before `beforeMs`. */
export async function pruneRateLimits(db: Db, beforeMs: number): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', beforeMs).execute()
}
