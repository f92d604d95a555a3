import type { Database as SqliteDatabase, Statement } from 'better-sqlite3'

/**
 * Prepared statements by SQL text, so a query the app runs on every request is compiled by
 * SQLite once. Kysely emits the same text for the same query shape (values are parameters), so
 * a few hundred entries hold every query the app has; the least recently used one goes first.
 *
 * @example const statement = cache.get('select * from "lists" where "id" = ?')
 */
export class StatementCache {
  readonly #statements = new Map<string, Statement>()
  readonly #db: SqliteDatabase
  readonly #max: number

  constructor(db: SqliteDatabase, max = 500) {
    this.#db = db
    this.#max = max
  }

  get(sql: string): Statement {
    const cached = this.#statements.get(sql)
    if (cached) {
      // Re-inserting keeps the Map in least-recently-used order.
      this.#statements.delete(sql)
      this.#statements.set(sql, cached)
      return cached
    }
    const statement = this.#db.prepare(sql)
    this.#statements.set(sql, statement)
    if (this.#statements.size > this.#max)
      this.#statements.delete(this.#statements.keys().next().value!)
    return statement
  }

  get size(): number {
    return this.#statements.size
  }
}
