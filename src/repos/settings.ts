import type { Db } from '../db/schema.js'

/**
 * Small durable facts in the `settings` table (Mailchimp provisioning ids, the last sync
 * success), read and written by key or by key prefix.
 */

export async function readSettings(db: Db, prefix: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'like', `${prefix}%`)
    .execute()
  return new Map(rows.map((row) => [row.key, row.value]))
}

export async function readSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst()
  return row?.value
}

export async function writeSetting(
  db: Db,
  key: string,
  value: string,
  nowMs: number,
): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: nowMs })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowMs }))
    .execute()
}

export async function deleteSetting(db: Db, key: string): Promise<void> {
  await db.deleteFrom('settings').where('key', '=', key).execute()
}

export async function deleteSettings(db: Db, prefix: string): Promise<void> {
  await db.deleteFrom('settings').where('key', 'like', `${prefix}%`).execute()
}
