import type { Database as SqliteDatabase } from 'better-sqlite3'
import {
  CompiledQuery,
  type DatabaseConnection,
  type Driver,
  type QueryResult,
  SelectQueryNode,
  SqliteDialect,
} from 'kysely'
import { ListsCache } from './lists-cache.js'
import { StatementCache } from './statement-cache.js'
import type { WalSync } from './wal-sync.js'

/**
 * Kysely's SQLite dialect with the Node driver this service needs under load: prepared
 * statements cached by SQL text, and group commit through `WalSync` (each connection release
 * waits until every commit made so far is fsynced), so an acknowledged change is on the disk
 * before its answer while concurrent changes share one fsync.
 *
 * @example new Kysely<Database>({ dialect: new DurableSqliteDialect(sqlite, new WalSync(wal)) })
 */
export class DurableSqliteDialect extends SqliteDialect {
  readonly #driver: () => Driver

  constructor(database: SqliteDatabase, wal?: WalSync) {
    super({ database })
    this.#driver = () => new DurableSqliteDriver(database, wal)
  }

  override createDriver(): Driver {
    return this.#driver()
  }
}

/** One connection (SQLite has one writer), handed out under a mutex as Kysely's own driver does. */
class DurableSqliteDriver implements Driver {
  readonly #mutex = new ConnectionMutex()
  readonly #db: SqliteDatabase
  readonly #wal: WalSync | undefined
  readonly #connection: SqliteConnection

  constructor(db: SqliteDatabase, wal: WalSync | undefined) {
    this.#db = db
    this.#wal = wal
    this.#connection = new SqliteConnection(db, wal)
  }

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    await this.#mutex.lock()
    return this.#connection
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  async savepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`savepoint "${name}"`))
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`rollback to "${name}"`))
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw(`release "${name}"`))
  }

  /**
   * Hands the connection to the next caller first, then, if this use committed a change, waits
   * until it is on the disk: the next transactions run while this one's fsync is under way,
   * and join the next fsync. A use that only read does not wait here (that would serialise
   * every request behind the last commit); `answerWhenDurable` holds its answer instead.
   */
  async releaseConnection(): Promise<void> {
    const committed = this.#connection.takeCommitted()
    this.#mutex.unlock()
    if (this.#wal && committed > 0) await this.#wal.durable(committed)
  }

  async destroy(): Promise<void> {
    if (this.#wal && !this.#wal.idle) await this.#wal.durable()
    this.#wal?.close()
    this.#db.close()
  }
}

class SqliteConnection implements DatabaseConnection {
  readonly #db: SqliteDatabase
  readonly #statements: StatementCache
  readonly #wal: WalSync | undefined
  /** Whether the open transaction has written anything (so its end is a commit to sync). */
  #dirty = false
  /** The WAL sequence number of the last commit made since the connection was acquired. */
  #committed = 0
  readonly #lists: ListsCache
  /** Whether the open transaction may have written the lists table (a rollback restores it). */
  #listsTouched = false

  constructor(db: SqliteDatabase, wal: WalSync | undefined) {
    this.#db = db
    this.#statements = new StatementCache(db)
    this.#wal = wal
    const dataVersion = db.prepare('PRAGMA data_version').pluck()
    this.#lists = new ListsCache(() => dataVersion.get() as number)
  }

  /** The last commit this use of the connection made (0: none), and forgets it. */
  takeCommitted(): number {
    const committed = this.#committed
    this.#committed = 0
    return committed
  }

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const statement = this.#statements.get(compiled.sql)
    const parameters = compiled.parameters as unknown[]
    const wasInTransaction = this.#db.inTransaction
    try {
      if (statement.reader && ListsCache.isListsRead(compiled.sql)) {
        const rows =
          this.#lists.get(compiled.sql, parameters) ??
          this.#lists.set(compiled.sql, parameters, statement.all(parameters) as never)
        return { rows: rows as R[] }
      }
      if (statement.reader) return { rows: statement.all(parameters) as R[] }
      const { changes, lastInsertRowid } = statement.run(parameters)
      return {
        numAffectedRows: BigInt(changes),
        insertId: BigInt(lastInsertRowid),
        rows: [],
      }
    } finally {
      this.#track(statement.readonly, wasInTransaction)
      this.#forgetLists(compiled.sql, statement.readonly, wasInTransaction)
    }
  }

  /** Drops cached lists on any write that may touch them, and at the end of such a transaction. */
  #forgetLists(sql: string, readonly: boolean, wasInTransaction: boolean): void {
    if (!readonly && ListsCache.mayWriteLists(sql)) {
      this.#lists.invalidate()
      if (this.#db.inTransaction) this.#listsTouched = true
    }
    if (wasInTransaction && !this.#db.inTransaction && this.#listsTouched) {
      this.#lists.invalidate()
      this.#listsTouched = false
    }
  }

  async *streamQuery<R>(compiled: CompiledQuery): AsyncIterableIterator<QueryResult<R>> {
    if (!SelectQueryNode.is(compiled.query))
      throw new Error('Sqlite driver only supports streaming of select queries')
    // Not from the cache: a statement being iterated cannot run again until it is done.
    const statement = this.#db.prepare(compiled.sql)
    for (const row of statement.iterate(compiled.parameters as unknown[]))
      yield { rows: [row as R] }
  }

  /** Tells the WAL barrier about each commit: an autocommit write or a transaction's end. */
  #track(readonly: boolean, wasInTransaction: boolean): void {
    if (!this.#wal) return
    const inTransaction = this.#db.inTransaction
    if (!readonly) {
      if (inTransaction) this.#dirty = true
      else this.#committed = this.#wal.committed()
    }
    if (wasInTransaction && !inTransaction) {
      // COMMIT (or ROLLBACK: one fsync too many, never one too few).
      if (this.#dirty) this.#committed = this.#wal.committed()
      this.#dirty = false
    }
  }
}

/** First come, first served: an unlock hands the connection straight to the next waiter. */
class ConnectionMutex {
  #locked = false
  readonly #waiting: (() => void)[] = []

  async lock(): Promise<void> {
    if (!this.#locked) {
      this.#locked = true
      return
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve))
  }

  unlock(): void {
    const next = this.#waiting.shift()
    if (next) next()
    else this.#locked = false
  }
}
