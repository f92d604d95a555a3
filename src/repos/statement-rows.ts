import type { DatabaseKind } from '../deps.js'

/**
 * Bound parameters one statement may carry, by engine: SQLite's SQLITE_MAX_VARIABLE_NUMBER
 * (32,766 since 3.32; better-sqlite3 bundles a newer SQLite, and 32,767 fails with "too many SQL
 * variables"), PostgreSQL's wire protocol limit, and D1's 100.
 */
const MAX_PARAMETERS: Record<DatabaseKind, number> = {
  sqlite: 32_766,
  postgres: 65_535,
  d1: 100,
}

/**
 * How many rows of `columns` values a multi-row INSERT may hold on `kind`, so a bulk write is cut
 * into as few statements as the engine allows.
 *
 * @example rowsPerStatement('sqlite', 15) // 2184
 */
export function rowsPerStatement(kind: DatabaseKind, columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS[kind] / columns))
}

/**
 * `rows` cut into slices of at most `size`, in order.
 *
 * @example chunks([1, 2, 3], 2) // [[1, 2], [3]]
 */
export function chunks<T>(rows: readonly T[], size: number): T[][] {
  const out: T[][] = []
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size))
  return out
}
