import { PostgresAdapter, sql, type Kysely } from 'kysely'
import type { Database } from './schema.js'

export interface Migration {
  /** File name, e.g. `0001_init.sql`; migrations run in name order. */
  name: string
  sql: string
}

/**
 * Splits a migration file into statements. Migrations are kept simple on purpose (no
 * semicolons inside string literals or triggers), so a statement ends at a `;` at line end.
 */
export function splitStatements(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n')
    .split(/;\s*(?:\n|$)/)
    .map((statement) => statement.trim())
    .filter((statement) => statement.length > 0)
}

/**
 * Applies the migrations not yet applied, each in its own transaction, and records them in
 * `d1_migrations`, the table wrangler uses, so that one database never sees a file twice
 * whichever tool applied it.
 *
 * @example await migrate(db, await readMigrations('migrations'))
 */
export async function migrate(db: Kysely<Database>, migrations: Migration[]): Promise<string[]> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    // Several instances starting at once against one PostgreSQL: the first migrates, the others
    // wait on this advisory lock (held by one pooled connection), then find nothing left to do.
    return db.connection().execute(async (connection) => {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK_ID})`.execute(connection)
      try {
        return await applyMigrations(connection, migrations)
      } finally {
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK_ID})`.execute(connection)
      }
    })
  }
  return applyMigrations(db, migrations)
}

/** Any fixed number: the key of the PostgreSQL advisory lock that serialises migrations. */
const MIGRATION_LOCK_ID = 7_205_311_004

async function applyMigrations(db: Kysely<Database>, migrations: Migration[]): Promise<string[]> {
  await sql`CREATE TABLE IF NOT EXISTS d1_migrations (
    id INTEGER PRIMARY KEY,
    name TEXT UNIQUE,
    applied_at TEXT NOT NULL
  )`.execute(db)
  const done = await sql<{ name: string }>`SELECT name FROM d1_migrations`.execute(db)
  const applied = new Set(done.rows.map((row) => row.name))
  const ran: string[] = []
  const ordered = [...migrations].sort((a, b) => a.name.localeCompare(b.name))
  for (const [index, migration] of ordered.entries()) {
    if (applied.has(migration.name)) continue
    await db.transaction().execute(async (trx) => {
      // Read before writing: on D1 the writes of a transaction are one batch sent at commit.
      const next = await sql<{
        n: number | string | null
      }>`SELECT MAX(id) AS n FROM d1_migrations`.execute(trx)
      const id = Number(next.rows[0]?.n ?? index) + 1
      for (const statement of splitStatements(migration.sql)) {
        await sql.raw(statement).execute(trx)
      }
      await sql`INSERT INTO d1_migrations (id, name, applied_at) VALUES (${id}, ${migration.name}, ${new Date().toISOString()})`.execute(
        trx,
      )
    })
    ran.push(migration.name)
  }
  return ran
}
