import type { LegalBasis, ListRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import {
  deleteList as deleteRow,
  insertList,
  listHasSubscriptions,
  maxListPosition,
  updateList as updateRow,
} from '../../repos/lists.js'
import { findList } from '../../repos/lists.js'

/** A list as the admin API shows it: flags as booleans. */
export interface ListJson {
  id: string
  name: string
  description: string
  legal_basis: LegalBasis
  public: boolean
  double_opt_in: boolean
  cancels_account: boolean
  synced: boolean
  archived: boolean
  position: number
  created_at: string
  updated_at: string
}

export function toListJson(row: ListRow): ListJson {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    legal_basis: row.legal_basis,
    public: row.public === 1,
    double_opt_in: row.double_opt_in === 1,
    cancels_account: row.cancels_account === 1,
    synced: row.synced === 1,
    archived: row.archived === 1,
    position: Number(row.position),
    created_at: new Date(Number(row.created_at)).toISOString(),
    updated_at: new Date(Number(row.updated_at)).toISOString(),
  }
}

export interface ListInput {
  name?: string
  description?: string
  legal_basis?: LegalBasis
  public?: boolean
  double_opt_in?: boolean
  cancels_account?: boolean
  synced?: boolean
  archived?: boolean
  position?: number
}

const flag = (value: boolean | undefined) =>
  value === undefined ? undefined : value ? (1 as const) : (0 as const)

/** @example await createList(deps, 'product-updates', { name: 'Product updates', legal_basis: 'consent' }) */
export async function createList(
  deps: Pick<Deps, 'db' | 'now'>,
  id: string,
  input: ListInput & { name: string; legal_basis: LegalBasis },
): Promise<ListRow> {
  if (await findList(deps.db, id))
    throw new AppError('conflict', `A list with id ${id} already exists`)
  const now = deps.now()
  const row: ListRow = {
    id,
    name: input.name,
    description: input.description ?? '',
    legal_basis: input.legal_basis,
    public: flag(input.public) ?? 0,
    double_opt_in: flag(input.double_opt_in) ?? 1,
    cancels_account: flag(input.cancels_account) ?? 0,
    synced: flag(input.synced) ?? 1,
    archived: flag(input.archived) ?? 0,
    position: input.position ?? (await maxListPosition(deps.db)) + 1,
    created_at: now,
    updated_at: now,
  }
  await insertList(deps.db, row)
  return row
}

/** Changes the given attributes; archiving hides a list from forms and pages but keeps its history. */
export async function updateList(
  deps: Pick<Deps, 'db' | 'now'>,
  id: string,
  input: ListInput,
): Promise<ListRow> {
  const existing = await findList(deps.db, id)
  if (!existing) throw new AppError('not_found', 'No list with that id')
  const changes: Partial<ListRow> = {}
  if (input.name !== undefined) changes.name = input.name
  if (input.description !== undefined) changes.description = input.description
  if (input.legal_basis !== undefined) changes.legal_basis = input.legal_basis
  if (input.position !== undefined) changes.position = input.position
  for (const key of ['public', 'double_opt_in', 'cancels_account', 'synced', 'archived'] as const) {
    const value = flag(input[key])
    if (value !== undefined) changes[key] = value
  }
  if (Object.keys(changes).length === 0) return existing
  changes.updated_at = deps.now()
  await updateRow(deps.db, id, changes)
  return { ...existing, ...changes }
}

/**
 * The list, if it may be deleted: only a list nobody was ever on; one with subscriptions can
 * only be archived (409 `conflict`), an unknown one is 404.
 *
 * @example const list = await deletableList(deps, 'webinars') // before asking "delete it?"
 */
export async function deletableList(deps: Pick<Deps, 'db'>, id: string): Promise<ListRow> {
  const list = await findList(deps.db, id)
  if (!list) throw new AppError('not_found', 'No list with that id')
  if (await listHasSubscriptions(deps.db, id)) {
    throw new AppError(
      'conflict',
      'This list has subscribers and cannot be deleted; archive it instead',
    )
  }
  return list
}

/** Deletes a list nobody was ever on (see `deletableList`). */
export async function deleteList(deps: Pick<Deps, 'db'>, id: string): Promise<void> {
  await deletableList(deps, id)
  await deleteRow(deps.db, id)
}
