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

/**
 * How many rows of `columns` values one multi-row INSERT may hold on `kind`.
 *
 * @example rowsPerStatement('sqlite', 15) // 2184
 */
export function rowsPerStatement(kind: DatabaseKind, columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS[kind] / columns))
}

/**
 * Inserts many rows of one table (an import batch) with as few multi-row INSERTs as the
 * engine's parameter limit allows; `tail` ends each statement (an ON CONFLICT clause). Every
 * row must have the keys of the first. The SQL is written here rather than by the query builder,
 * which makes a frozen node per value: a batch's ledger rows alone are 30,000 values. Equal
 * slices give equal SQL text, so the SQLite driver's statement cache compiles it once.
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
  const size = rowsPerStatement(kind, columns.length)
  const head = `insert into "${table}" (${columns.map((column) => `"${column}"`).join(', ')}) values `
  for (let start = 0; start < rows.length; start += size) {
    const slice = rows.slice(start, start + size)
    const parameters: unknown[] = []
    const tuples: string[] = []
    for (const row of slice) {
      const values = row as Record<string, unknown>
      const marks: string[] = []
      for (const column of columns) {
        parameters.push(values[column] ?? null)
        marks.push(kind === 'postgres' ? `$${parameters.length}` : '?')
      }
      tuples.push(`(${marks.join(', ')})`)
    }
    await db.executeQuery(CompiledQuery.raw(`${head}${tuples.join(', ')}${tail}`, parameters))
  }
}
