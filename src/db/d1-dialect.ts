import {
  type CompiledQuery,
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
    return new D1Adapter()
  }

  createDriver(): Driver {
    return new D1Driver(this.config)
  }

  createQueryCompiler(): QueryCompiler {
    return new SqliteQueryCompiler()
  }

  // biome-ignore lint/suspicious/noExplicitAny: Kysely's own Dialect interface takes Kysely<any>
  createIntrospector(db: Kysely<any>): DatabaseIntrospector {
    return new SqliteIntrospector(db)
  }
}

/** SQLite's adapter, as its own class so that code can tell D1 (no locks) from SQLite. */
export class D1Adapter extends SqliteAdapter {}

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

/**
 * Opens a statement that guards a transaction rather than writing its data (lockContact's
 * version check): it goes to the front of the batch, before the transaction's own writes, and
 * reads after it are not reads after a write.
 */
export const D1_GUARD = '/* d1 guard */ '

class D1Connection implements DatabaseConnection {
  /** Writes waiting for commit; undefined outside a transaction. */
  private queue: D1PreparedStatement[] | undefined
  /** Guards (D1_GUARD) waiting for commit, sent before the writes. */
  private guards: D1PreparedStatement[] = []

  constructor(private readonly config: D1DialectConfig) {}

  begin(): void {
    if (this.queue) throw new Error('a D1 transaction is already open on this connection')
    this.queue = []
  }

  async commit(): Promise<void> {
    const queue = this.queue ?? []
    const guards = this.guards
    this.queue = undefined
    this.guards = []
    // Guards alone change nothing worth a round trip: only a batch with writes needs them.
    if (queue.length > 0) await this.config.database.batch([...guards, ...queue])
  }

  rollback(): void {
    this.queue = undefined
    this.guards = []
  }

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const statement = prepare(this.config.database, compiledQuery)
    const read = isRead(compiledQuery)
    if (this.queue && !read && compiledQuery.sql.startsWith(D1_GUARD)) {
      this.guards.push(statement)
      return { rows: [] }
    }
    if (this.queue && !read) {
      if (/\breturning\b/i.test(compiledQuery.sql)) {
        throw new Error(
          'RETURNING cannot be used inside a transaction on D1: writes are sent as one batch at commit',
        )
      }
      this.queue.push(statement)
      // Unknown until the batch runs: callers inside a transaction must not rely on it.
      return { rows: [] }
    }
    if (this.queue && this.queue.length > 0) {
      const warn =
        this.config.onReadAfterWrite ??
        ((sql: string) =>
          console.warn(
            `D1: read after a queued write in one transaction does not see that write: ${sql.slice(0, 120)}`,
          ))
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

  // biome-ignore lint/correctness/useYield: the interface needs a generator; D1 cannot stream
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('D1 does not support streaming queries')
  }
}

/** D1 refuses statements with more than 100 bound parameters ("too many SQL variables"). */
const MAX_BOUND_PARAMETERS = 100

/**
 * Prepares a statement. Above D1's parameter limit (a long `IN (...)` list, e.g. marking a
 * thousand outbox rows done) the values are written into the SQL as literals instead, so code
 * that works on SQLite and PostgreSQL works on D1 too.
 */
function prepare(database: D1Database, query: CompiledQuery): D1PreparedStatement {
  const values = query.parameters.map(toD1Value)
  if (values.length <= MAX_BOUND_PARAMETERS) return database.prepare(query.sql).bind(...values)
  return database.prepare(inlineParameters(query.sql, values))
}

/**
 * Replaces each `?` placeholder (outside quotes and comments) with its value as an SQLite
 * literal. Strings double their single quotes, SQLite's only escape, so no value can end its
 * literal early.
 *
 * @example inlineParameters('select * from t where id in (?, ?)', ['a', "it's"]) // ... in ('a', 'it''s')
 */
export function inlineParameters(sql: string, values: unknown[]): string {
  let out = ''
  let next = 0
  for (let i = 0; i < sql.length; i++) {
    const char = sql[i]!
    if (char === "'" || char === '"' || char === '`' || char === '[') {
      const close = char === '[' ? ']' : char
      let end = i + 1
      for (; end < sql.length; end++) {
        if (sql[end] === close) {
          if (close !== ']' && sql[end + 1] === close) end++
          else break
        }
      }
      out += sql.slice(i, end + 1)
      i = end
    } else if (char === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i)
      out += end < 0 ? sql.slice(i) : sql.slice(i, end)
      i = end < 0 ? sql.length : end - 1
    } else if (char === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2)
      out += end < 0 ? sql.slice(i) : sql.slice(i, end + 2)
      i = end < 0 ? sql.length : end + 1
    } else if (char === '?') {
      if (next >= values.length) throw new Error('more placeholders than parameters')
      out += sqliteLiteral(values[next++])
    } else {
      out += char
    }
  }
  if (next !== values.length) throw new Error('more parameters than placeholders')
  return out
}

function sqliteLiteral(value: unknown): string {
  if (value === null || value === undefined) return 'NULL'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error('cannot write a non-finite number into SQL')
    return String(value)
  }
  if (typeof value === 'string') {
    // A NUL cannot sit inside an SQL text literal: such a string goes as UTF-8 bytes.
    if (value.includes('\u0000'))
      return `CAST(${sqliteLiteral(new TextEncoder().encode(value))} AS TEXT)`
    return `'${value.replace(/'/g, "''")}'`
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    const bytes =
      value instanceof ArrayBuffer
        ? new Uint8Array(value)
        : new Uint8Array(value.buffer, value.byteOffset, value.byteLength)
    return `X'${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}'`
  }
  throw new Error(`cannot write a ${typeof value} into SQL`)
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
