import type { Selectable } from 'kysely'
import type { AdminAuditTable, Db } from '../db/schema.js'

export type AdminAuditRow = Selectable<AdminAuditTable>

export async function insertAdminAudit(db: Db, row: AdminAuditRow): Promise<void> {
  await db.insertInto('admin_audit').values(row).execute()
}

/** The newest entries first. */
export function findAdminAudit(db: Db, limit: number): Promise<AdminAuditRow[]> {
  return db.selectFrom('admin_audit').selectAll().orderBy('id', 'desc').limit(limit).execute()
}
