import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'
import type { Database } from '../db/schema.js'
import type { OpenDatabase } from './database.js'

/** PostgreSQL type ids whose text form is a number too large for an int4. */
const INT8 = 20
const NUMERIC = 1700

/**
 * node-pg returns BIGINT (and NUMERIC, e.g. SUM over BIGINT) as strings to avoid losing
 * precision. Our BIGINT columns hold epoch milliseconds and counts, far below 2^53, and the
 * rest of the code expects numbers as on SQLite and D1, so they are parsed as numbers here,
 * on this pool only (not globally for every pg user in the process).
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8 || oid === NUMERIC)
      return (value: string) => (value === null ? null : Number(value))
    return (pg.types.getTypeParser as (oid: number, format?: 'text' | 'binary') => unknown)(
      oid,
      format,
    )
  },
}

/** Options of the pool; `PG_POOL_MAX` tunes its size per process. */
export interface PostgresOptions {
  max?: number
}

/**
 * Opens a pooled PostgreSQL database for `postgres://user:pass@host:port/db`. Transactions
 * run at READ COMMITTED, PostgreSQL's default; where two writers could meet on one contact,
 * `lockContact` (src/db/locks.ts) takes a row lock.
 *
 * @example const { db, close } = await openPostgres('postgres://postgres@127.0.0.1:5432/prefcenter')
 */
export async function openPostgres(
  url: string,
  options: PostgresOptions = {},
): Promise<OpenDatabase> {
  const max = options.max ?? (Number(process.env.PG_POOL_MAX) || 10)
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: types as never,
    connectionTimeoutMillis: 10_000,
  })
  // An idle connection that the server drops must not crash the process; the pool replaces it.
  pool.on('error', (error) =>
    console.error(
      JSON.stringify({
        level: 'error',
        message: 'postgres connection error',
        error: error.message,
      }),
    ),
  )
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })
  return { db, kind: 'postgres', close: () => db.destroy() }
}
