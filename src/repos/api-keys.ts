import type { Selectable } from 'kysely'
import type { ApiKeysTable, Db } from '../db/schema.js'

export type ApiKeyRow = Selectable<ApiKeysTable>

export async function insertApiKey(
  db: Db,
  row: Omit<ApiKeyRow, 'revoked_at' | 'last_used_at'>,
): Promise<void> {
  await db
    .insertInto('api_keys')
    .values({ ...row, revoked_at: null, last_used_at: null })
    .execute()
}

export function findApiKeyByHash(db: Db, keyHash: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('key_hash', '=', keyHash).executeTakeFirst()
}

export function findApiKeyById(db: Db, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst()
}

export function findApiKeys(db: Db): Promise<ApiKeyRow[]> {
  return db.selectFrom('api_keys').selectAll().orderBy('created_at').orderBy('id').execute()
}

/** Revokes a key; returns whether a not-yet-revoked key with that id existed. */
export async function revokeApiKey(db: Db, id: string, nowMs: number): Promise<boolean> {
  const result = await db
    .updateTable('api_keys')
    .set({ revoked_at: nowMs })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

export async function touchApiKey(db: Db, id: string, nowMs: number): Promise<void> {
  await db.updateTable('api_keys').set({ last_used_at: nowMs }).where('id', '=', id).execute()
}
