import type { Selectable } from 'kysely'
import type { AdminSessionsTable, Db } from '../db/schema.js'

export type AdminSessionRow = Selectable<AdminSessionsTable>

export async function insertAdminSession(db: Db, row: AdminSessionRow): Promise<void> {
  await db.insertInto('admin_sessions').values(row).execute()
}

export function findAdminSession(db: Db, idHash: string): Promise<AdminSessionRow | undefined> {
  return db
    .selectFrom('admin_sessions')
    .selectAll()
    .where('id_hash', '=', idHash)
    .executeTakeFirst()
}

/** Marks the session as used now (idle expiry counts from here). */
export async function touchAdminSession(db: Db, idHash: string, nowMs: number): Promise<void> {
  await db
    .updateTable('admin_sessions')
    .set({ last_seen_at: nowMs })
    .where('id_hash', '=', idHash)
    .execute()
}

export async function setAdminSessionLocale(db: Db, idHash: string, locale: string): Promise<void> {
  await db.updateTable('admin_sessions').set({ locale }).where('id_hash', '=', idHash).execute()
}

export async function deleteAdminSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('id_hash', '=', idHash).execute()
}

/** Ends every session opened with the given API key (the key was revoked). */
export async function deleteAdminSessionsOf(db: Db, actor: string): Promise<void> {
  await db.deleteFrom('admin_sessions').where('actor', '=', actor).execute()
}

/** Drops sessions idle since before `idleBeforeMs` or created before `createdBeforeMs`. */
export async function pruneAdminSessions(
  db: Db,
  idleBeforeMs: number,
  createdBeforeMs: number,
): Promise<void> {
  await db
    .deleteFrom('admin_sessions')
    .where((eb) =>
      eb.or([eb('last_seen_at', '<', idleBeforeMs), eb('created_at', '<', createdBeforeMs)]),
    )
    .execute()
}
