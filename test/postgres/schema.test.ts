import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { migrate } from '../../src/db/migrate.js'
import { openDatabase, type OpenDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from './pg-support.js'

const available = await postgresAvailable()

describe.skipIf(!available)('the schema on PostgreSQL', () => {
  let scratch: ScratchDatabase
  let database: OpenDatabase

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    database = await openDatabase(scratch.url)
    await migrate(database.db, await readMigrations())
  })

  afterAll(async () => {
    await database?.close()
    await scratch?.drop()
  })

  it('keeps every time in milliseconds in 64 bits (INTEGER is 32 bits here)', async () => {
    // Found by a parity review: address_changes' times were INTEGER, and every self-service
    // address change answered 500 on PostgreSQL alone.
    const narrow = await sql<{ table_name: string; column_name: string }>`
      SELECT table_name, column_name FROM information_schema.columns
      WHERE table_schema = current_schema()
        AND data_type IN ('integer', 'smallint')
        AND (column_name LIKE '%\_at' OR column_name LIKE '%\_until' OR column_name LIKE '%\_ms')`.execute(
      database.db,
    )
    expect(narrow.rows).toEqual([])
  })

  it('takes a time of today in address_changes, and the rebuilt table kept its index', async () => {
    const now = Date.UTC(2026, 11, 7)
    await database.db
      .insertInto('contacts')
      .values({
        id: 'c-wide',
        email: 'wide@example.com',
        status: 'active',
        restricted: 0,
        complained: 0,
        created_at: now,
        updated_at: now,
      })
      .execute()
    await database.db
      .insertInto('address_changes')
      .values({
        id: 'x'.repeat(64),
        contact_id: 'c-wide',
        old_email: 'wide@example.com',
        new_email: 'wider@example.com',
        created_at: now,
        expires_at: now + 86_400_000,
        used_at: null,
        stage: 'confirm',
        address_version: 0,
      })
      .execute()
    const row = await database.db
      .selectFrom('address_changes')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(Number(row.expires_at)).toBe(now + 86_400_000)
    const index = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes WHERE tablename = 'address_changes'`.execute(database.db)
    expect(index.rows.map((r) => r.indexname)).toContain('address_changes_contact')
  })
})
