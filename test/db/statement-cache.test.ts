import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate } from '../../src/db/migrate.js'
import { type OpenDatabase, openDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import { StatementCache } from '../../src/node/statement-cache.js'

let dir: string
let database: OpenDatabase | undefined
afterEach(async () => {
  await database?.close()
  database = undefined
  rmSync(dir, { recursive: true, force: true })
})

async function open(): Promise<OpenDatabase> {
  dir = mkdtempSync(join(tmpdir(), 'prefcenter-statements-'))
  database = await openDatabase(`sqlite:${join(dir, 'test.db')}`)
  await migrate(database.db, await readMigrations())
  return database
}

describe('prepared statement cache (SQLite)', () => {
  it('prepares a query once and keeps the most recently used ones within its bound', () => {
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-statements-'))
    const db = new SQLite(join(dir, 'raw.db'))
    const cache = new StatementCache(db, 2)
    const a = cache.get('SELECT 1 AS n')
    expect(cache.get('SELECT 1 AS n')).toBe(a)
    cache.get('SELECT 2 AS n')
    cache.get('SELECT 1 AS n') // now the most recent
    cache.get('SELECT 3 AS n') // evicts SELECT 2
    expect(cache.size).toBe(2)
    expect(cache.get('SELECT 1 AS n')).toBe(a)
    expect((cache.get('SELECT 2 AS n').get() as { n: number }).n).toBe(2)
    db.close()
  })

  it('answers the same rows as before, and a cached query sees a column added later', async () => {
    const { db } = await open()
    const before = await db.selectFrom('lists').selectAll().orderBy('id').execute()
    expect(before.map((list) => list.id)).toEqual([
      'call-reports',
      'newsletter',
      'technical-advisories',
      'webinars',
    ])
    await sql`ALTER TABLE lists ADD COLUMN bench_note TEXT`.execute(db)
    await sql`UPDATE lists SET bench_note = 'x' WHERE id = 'newsletter'`.execute(db)
    const after = (await db.selectFrom('lists').selectAll().orderBy('id').execute()) as Array<
      Record<string, unknown>
    >
    expect(after[1]).toMatchObject({ id: 'newsletter', bench_note: 'x' })
  })

  it('streams a query that also runs from the cache before and after', async () => {
    const { db } = await open()
    const query = db.selectFrom('lists').select('id').orderBy('id')
    const first = await query.execute()
    const streamed: string[] = []
    for await (const row of query.stream()) streamed.push(row.id)
    expect(streamed).toEqual(first.map((row) => row.id))
    expect(await query.execute()).toEqual(first)
  })
})
