import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely } from 'kysely'
import type { Database } from '../db/schema.js'
import type { DatabaseKind } from '../deps.js'
import { type Checkpointer, startCheckpointer } from './checkpointer.js'
import { answerWhenDurable } from './durable-answers.js'
import { DurableSqliteDialect } from './sqlite-driver.js'
import { type SyncFile, WalSync } from './wal-sync.js'

export interface OpenDatabase {
  db: Kysely<Database>
  kind: DatabaseKind
  close: () => Promise<void>
  /**
   * Runs one request and resolves once every commit it may have read is on the disk (SQLite's
   * group commit, see `answerWhenDurable`); absent where each commit is durable on its own.
   */
  whenDurable?: <T>(work: () => Promise<T> | T) => Promise<T>
}

/**
 * Opens the database named by DATABASE_URL: `sqlite:<path>` (WAL, foreign keys on, file and
 * folder created, group commit: see `WalSync`), `sqlite::memory:`, or `postgres://...`.
 * `syncFile` replaces Node's fsync of the WAL, for tests that hold or fail it. `bulkWrites` (the
 * CLI import) checkpoints the WAL every 10,000 pages instead of 1,000. `backgroundCheckpoints`
 * (the server) leaves checkpoints to a worker thread (`startCheckpointer`); `onCheckpointerError`
 * hears when a checkpoint fails, or the thread is gone (SQLite then checkpoints on its own).
 *
 * @example const { db, close } = await openDatabase('sqlite:./data/prefcenter.db')
 */
export async function openDatabase(
  url: string,
  options: {
    syncFile?: SyncFile
    bulkWrites?: boolean
    backgroundCheckpoints?: boolean
    onCheckpointerError?: (error: Error, stopped: boolean) => void
  } = {},
): Promise<OpenDatabase> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { openPostgres } = await import('./postgres.js')
    return openPostgres(url)
  }
  if (!url.startsWith('sqlite:'))
    throw new Error('DATABASE_URL must start with sqlite: or postgres://')
  const path = url.slice('sqlite:'.length)
  if (path !== ':memory:') {
    // Personal data: readable by the service's user alone. SQLite gives its WAL and shared-memory
    // files the database file's own mode, so creating the file first is enough.
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 })
    if (!existsSync(path)) writeFileSync(path, '', { mode: 0o600 })
  }
  const sqlite = new SQLite(path)
  const wal = path !== ':memory:' && sqlite.pragma('journal_mode = WAL', { simple: true }) === 'wal'
  // An acknowledged unsubscribe must survive a power cut, not only a process crash. NORMAL
  // leaves the fsync to WalSync: every answer waits until the WAL holding its commit is
  // fsynced, one fsync for all the commits made meanwhile (group commit) instead of FULL's one
  // fsync per commit on the event loop. Without a WAL file (memory) FULL stays.
  sqlite.pragma(wal ? 'synchronous = NORMAL' : 'synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  // Erasure must not leave the person readable in the file's free space: deleted and rewritten
  // content is overwritten with zeros (the WAL keeps old pages until its next checkpoint).
  sqlite.pragma('secure_delete = ON')
  // An import batch writes thousands of pages per commit, so the default (1,000 pages) made
  // every commit also a checkpoint, two fsyncs on the event loop and each index page copied
  // again for every batch: a third of a 200,000-row import's time. The WAL grows to ~40 MB.
  // With a checkpointer, the automatic checkpoint only backs it up (a worker that died).
  if (wal && (options.bulkWrites || options.backgroundCheckpoints))
    sqlite.pragma('wal_autocheckpoint = 10000')
  let checkpointer: Checkpointer | undefined
  if (wal && options.backgroundCheckpoints)
    checkpointer = startCheckpointer(path, {
      onError: (error, stopped) => {
        // Without the thread, SQLite checkpoints on its own again at its default cadence.
        if (stopped && sqlite.open)
          try {
            sqlite.pragma('wal_autocheckpoint = 1000')
          } catch {
            // The 10,000-page safety net stays: a larger WAL, still a bounded one.
          }
        options.onCheckpointerError?.(error, stopped)
      },
    })
  const barrier = wal ? new WalSync(`${path}-wal`, options.syncFile) : undefined
  const db = new Kysely<Database>({ dialect: new DurableSqliteDialect(sqlite, barrier) })
  return {
    db,
    kind: 'sqlite',
    // The checkpointer's connection closes first: the last one to close empties the WAL.
    close: async () => {
      await checkpointer?.stop()
      await db.destroy()
    },
    ...(barrier ? { whenDurable: (work) => answerWhenDurable(barrier, work) } : {}),
  }
}
