import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import SQLite from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { Database } from '../db/schema.js'
import type { DatabaseKind } from '../deps.js'

export interface OpenDatabase {
  db: Kysely<Database>
  kind: DatabaseKind
  close: () => Promise<void>
}

/**
 * Opens the database named by DATABASE_URL: `sqlite:<path>` (WAL, foreign keys on, file and
 * folder created), `sqlite::memory:`, or `postgres://...`.
 */
export async function openDatabase(url: string): Promise<OpenDatabase> {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    const { openPostgres } = await import('./postgres.js')
    return openPostgres(url)
  }
  if (!url.startsWith('sqlite:'))
    throw new Error('DATABASE_URL must start with sqlite: or postgres://')
  const path = url.slice('sqlite:'.length)
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const sqlite = new SQLite(path)
  sqlite.pragma('journal_mode = WAL')
  // FULL makes a commit durable before the answer goes out: an acknowledged unsubscribe
  // survives a power cut, not only a process crash.
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) })
  return { db, kind: 'sqlite', close: () => db.destroy() }
}
