import type { Db } from './schema.js'

/**
 * Whether the database answers a trivial read; the health check's only question.
 *
 * @example const up = await databaseAnswers(deps.db).catch(() => false)
 */
export async function databaseAnswers(db: Db): Promise<boolean> {
  await db.selectFrom('lists').select('id').limit(1).execute()
  return true
}
