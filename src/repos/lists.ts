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
