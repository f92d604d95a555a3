import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type Dialect,
  type DialectAdapter,
  type Driver,
  type Kysely,
  type QueryCompiler,
  type QueryResult,
} from 'kysely'
import type { D1Database, D1PreparedStatement } from './d1-types.js'

export interface D1DialectConfig {
  database: D1Database
  /** Told when a transaction breaks the "reads first, then writes" rule (default: console.warn). */
  onReadAfterWrite?: (sql: string) => void
}

/**
 * Kysely on Cloudflare D1, with transactions. D1 has no interactive transactions, only atomic
 * batches, so inside a transaction reads run at once and writes are queued, then sent as ONE
 * `batch()` at commit; a rollback drops them. Hence the team rule: inside a transaction do
 * every read first, never read your own writes, never use RETURNING. Outside a transaction
 * every statement runs directly, RETURNING included.
 *
 * @example
 * const db = new Kysely<Database>({ dialect: new D1Dialect({ database: env.DB }) })
 * await db.transaction().execute(async (trx) => { ... })  // one atomic batch
 */
export class D1Dialect implements Dialect {
  constructor(private readonly config: D1DialectConfig) {}

  createAdapter(): DialectAdapter {
    return new SqliteAdapter()
  }

  createDriver(): Driver {
    return new D1Driver(this.config)
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }

  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }
}

class D1Driver implements Driver {
  constructor(private readonly config: D1DialectConfig) {}

  async init(): Promise<void> {}

  /** A fresh connection each time: D1 is stateless, and each transaction needs its own queue. */
  async acquireConnection(): Promise<DatabaseConnection> {
    return new D1Connection(this.config)
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    ;(connection as D1Connection).begin()
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as D1Connection).commit()
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    ;(connection as D1Connection).rollback()
  }

  async savepoint(): Promise<void> {
    throw new Error('D1 does not support savepoints (nested transactions)')
  }

  async rollbackToSavepoint(): Promise<void> {
    throw new Error('D1 does not support savepoints (nested transactions)')
  }

  async releaseSavepoint(): Promise<void> {
    throw new Error('D1 does not support savepoints (nested transactions)')
  }

  async releaseConnection(): Promise<void> {}

  async destroy(): Promise<void> {}
}

class D1Connection implements DatabaseConnection {
  /** Writes waiting for commit; undefined outside a transaction. */
  private queue: D1PreparedStatement[] | undefined

  constructor(private readonly config: D1DialectConfig) {}

  begin(): void {
    if (this.queue) throw new Error('a D1 transaction is already open on this connection')
    this.queue = []
  }

  async commit(): Promise<void> {
    const queue = this.queue ?? []
    this.queue = undefined
    if (queue.length > 0) await this.config.database.batch(queue)
  }

  rollback(): void {
    this.queue = undefined
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.config.database.prepare(compiledQuery.sql).bind(...compiledQuery.parameters.map(toD1Value))
    const read = isRead(compiledQuery)
    if (this.queue && !read) {
      if (/\breturning\b/i.test(compiledQuery.sql)) {
        throw new Error('RETURNING cannot be used inside a transaction on D1: writes are sent as one batch at commit')
      }
      this.queue.push(statement)
      // Unknown until the batch runs: callers inside a transaction must not rely on it.
      return { rows: [] }
    }
    if (this.queue && this.queue.length > 0) {
      const warn = this.config.onReadAfterWrite ?? ((sql: string) => console.warn(`D1: read after a queued write in one transaction does not see that write: ${sql.slice(0, 120)}`))
      warn(compiledQuery.sql)
    }
    const result = await statement.all<R>()
    const changes = result.meta?.changes
    const lastRowId = result.meta?.last_row_id
    return {
      rows: (result.results ?? []) as R[],
      numAffectedRows: !read && typeof changes === 'number' ? BigInt(changes) : undefined,
      insertId: !read && typeof lastRowId === 'number' ? BigInt(lastRowId) : undefined,
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('D1 does not support streaming queries')
  }
}

/** Whether a statement only reads, so it may run at once even inside a transaction. */
function isRead(query: CompiledQuery): boolean {
  if (SelectQueryNode.is(query.query)) return true
  const sql = query.sql.trimStart().toLowerCase()
  if (/^(select|values|pragma|explain)\b/.test(sql)) return true
  return /^with\b/.test(sql) && !/\b(insert|update|delete|replace)\b/.test(sql)
}

/** D1 binds strings, numbers, null and bytes; Kysely may hand it booleans, bigints or undefined. */
function toD1Value(value: unknown): unknown {
  if (value === undefined) return null
  if (typeof value === 'boolean') return value ? 1 : 0
  if (typeof value === 'bigint') return Number(value)
  return value
}
