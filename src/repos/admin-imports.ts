import type { Selectable } from 'kysely'
import type { AdminImportsTable, Db } from '../db/schema.js'

export type AdminImportRow = Selectable<AdminImportsTable>

export async function insertAdminImport(db: Db, row: AdminImportRow): Promise<void> {
  await db.insertInto('admin_imports').values(row).execute()
}

export function findAdminImport(db: Db, id: string): Promise<AdminImportRow | undefined> {
  return db.selectFrom('admin_imports').selectAll().where('id', '=', id).executeTakeFirst()
}

/**
 * Marks a checked import as applied and blanks its file; false when it was not waiting (applied
 * already, by a double click or a second tab), so it is never applied twice.
 */
export async function markAdminImportApplied(
  db: Db,
  id: string,
  report: string,
  nowMs: number,
): Promise<boolean> {
  const result = await db
    .updateTable('admin_imports')
    .set({ status: 'applied', csv: '', report, applied_at: nowMs })
    .where('id', '=', id)
    .where('status', '=', 'checked')
    .executeTakeFirst()
  return Number(result.numUpdatedRows) > 0
}

/** Drops files checked but never applied before `beforeMs`. */
export async function pruneAdminImports(db: Db, beforeMs: number): Promise<void> {
  await db
    .deleteFrom('admin_imports')
    .where('status', '=', 'checked')
    .where('created_at', '<', beforeMs)
    .execute()
}

/**
 * Drops console uploads checked but not applied that name any of these addresses (an erased
 * person's). Few such files exist (a day at most), so they are read and searched here, the same
 * way on every engine.
 */
export async function deleteCheckedImportsNaming(db: Db, emails: string[]): Promise<void> {
  const waiting = await db
    .selectFrom('admin_imports')
    .select(['id', 'csv'])
    .where('status', '=', 'checked')
    .execute()
  // The address as a whole field (between separators, quotes or line ends), in any case.
  const fields = emails.map(
    (email) =>
      new RegExp(
        `(^|[,;\\t"'<\\s])${email.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[,;\\t"'>\\s])`,
        'im',
      ),
  )
  const naming = waiting
    .filter((row) => fields.some((field) => field.test(row.csv)))
    .map((row) => row.id)
  if (naming.length > 0) await db.deleteFrom('admin_imports').where('id', 'in', naming).execute()
}

/** Stores the report of an applied import. */
export async function setAdminImportReport(db: Db, id: string, report: string): Promise<void> {
  await db.updateTable('admin_imports').set({ report }).where('id', '=', id).execute()
}
