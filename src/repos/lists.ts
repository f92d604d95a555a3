import type { Db, ListRow } from '../db/schema.js'

/** Lists in display order, archived ones left out unless asked for. */
export function findLists(db: Db, options: { includeArchived?: boolean } = {}): Promise<ListRow[]> {
  let query = db.selectFrom('lists').selectAll().orderBy('position').orderBy('id')
  if (!options.includeArchived) query = query.where('archived', '=', 0)
  return query.execute()
}

export function findList(db: Db, id: string): Promise<ListRow | undefined> {
  return db.selectFrom('lists').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function insertList(db: Db, row: ListRow): Promise<void> {
  await db.insertInto('lists').values(row).execute()
}

export async function updateList(
  db: Db,
  id: string,
  changes: Partial<Omit<ListRow, 'id' | 'created_at'>>,
): Promise<void> {
  await db.updateTable('lists').set(changes).where('id', '=', id).execute()
}

export async function deleteList(db: Db, id: string): Promise<void> {
  await db.deleteFrom('lists').where('id', '=', id).execute()
}

/** Whether any contact has a subscription row (of any status) on the list. */
export async function listHasSubscriptions(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('subscriptions')
    .select('contact_id')
    .where('list_id', '=', id)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

export async function maxListPosition(db: Db): Promise<number> {
  const row = await db
    .selectFrom('lists')
    .select((eb) => eb.fn.max('position').as('max'))
    .executeTakeFirst()
  return Number(row?.max ?? 0)
}
