import { CompiledQuery, type Insertable } from 'kysely'
import type { Database, Db } from '../db/schema.js'
import type { DatabaseKind } from '../deps.js'

/**
 * Bound parameters one statement may carry, by engine: SQLite's SQLITE_MAX_VARIABLE_NUMBER
 * (32,766 since 3.32; better-sqlite3 bundles a newer SQLite, where 32,767 fails with "too many
 * SQL variables"), PostgreSQL's wire-protocol limit, and D1's 100.
 */
const MAX_PARAMETERS: Record<DatabaseKind, number> = {
  sqlite: 32_766,
  postgres: 65_535,
  d1: 100,
}

/** Rows per statement at most: bigger saves nothing measurable and makes bigger SQL and plans. */
const MAX_ROWS = 512

/**
 * How many rows of `columns` values one multi-row INSERT may hold on `kind`: a power of two, so
 * that `sliceSizes` gives few distinct statement shapes.
 *
 * @example rowsPerStatement('sqlite', 15) // 512
 */
export function rowsPerStatement(kind: DatabaseKind, columns: number): number {
  const limit = Math.min(MAX_ROWS, Math.max(1, Math.floor(MAX_PARAMETERS[kind] / columns)))
  return 2 ** Math.floor(Math.log2(limit))
}

/**
 * Slice sizes for `rows` rows: full slices of `size`, then the rest in powers of two. The SQLite
 * driver caches prepared statements by SQL text (and keeps up to 500), so batches of any length
 * share a dozen statement shapes instead of preparing, and keeping, one per length.
 *
 * @example sliceSizes(1100, 512) // [512, 512, 64, 8, 4]
 */
export function sliceSizes(rows: number, size: number): number[] {
  const sizes: number[] = []
  let left = rows
  for (; left >= size; left -= size) sizes.push(size)
  for (let part = size / 2; part >= 1; part /= 2)
    if (left >= part) {
      sizes.push(part)
      left -= part
    }
  return sizes
}

/**
 * Inserts many rows of one table (an import batch) with few multi-row INSERTs within the
 * engine's parameter limit; `tail` ends each statement (an ON CONFLICT clause). Every row must
 * have the keys of the first. The SQL is written here rather than by the query builder, which
 * makes a frozen node per value: a batch's ledger rows alone are 30,000 values.
 *
 * @example await insertRows(trx, 'sqlite', 'consent_events', events)
 */
export async function insertRows<T extends keyof Database & string>(
  db: Db,
  kind: DatabaseKind,
  table: T,
  rows: readonly Insertable<Database[T]>[],
  tail = '',
): Promise<void> {
  if (rows.length === 0) return
  const columns = Object.keys(rows[0]!)
  const head = `insert into "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) values `
  let start = 0
  for (const size of sliceSizes(rows.length, rowsPerStatement(kind, columns.length))) {
    const parameters: unknown[] = []
    const tuples: string[] = []
    for (const row of rows.slice(start, start + size)) {
      const values = row as Record<string, unknown>
      const marks: string[] = []
      for (const column of columns) {
        parameters.push(values[column] ?? null)
        marks.push(kind === 'postgres' ? `$${parameters.length}` : '?')
      }
      tuples.push(`(${marks.join(', ')})`)
    }
    start += size
    await db.executeQuery(CompiledQuery.raw(`${head}${tuples.join(', ')}${tail}`, parameters))
  }
}
