import type { Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { miniflareD1 } from './miniflare-d1.js'
import { isUniqueViolation, retryOnConflict } from '../../src/db/conflicts.js'
import { migrate } from '../../src/db/migrate.js'
import type { Database } from '../../src/db/schema.js'
import { openDatabase, type OpenDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import {
  createScratchDatabase,
  postgresAvailable,
  type ScratchDatabase,
} from '../postgres/pg-support.js'

const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

const engines: Record<string, () => Promise<Kysely<Database> | undefined>> = {
  sqlite: async () => {
    const opened: OpenDatabase = await openDatabase('sqlite::memory:')
    cleanups.push(opened.close)
    return opened.db
  },
  postgres: async () => {
    if (!(await postgresAvailable())) return undefined
    const scratch: ScratchDatabase = await createScratchDatabase()
    const opened = await openDatabase(scratch.url)
    cleanups.push(scratch.drop, opened.close)
    return opened.db
  },
  d1: async () => {
    const { db, dispose } = await miniflareD1()
    cleanups.push(dispose)
    return db
  },
}

const contact = (id: string) => ({
  id,
  email: 'same@example.com',
  status: 'active' as const,
  restricted: 0 as const,
  complained: 0 as const,
  created_at: 1,
  updated_at: 1,
})

describe.each(Object.keys(engines))('insert races on %s', (engine) => {
  it('recognises a unique violation, inside and outside a transaction, and nothing else', async () => {
    const db = await engines[engine]!()
    if (!db) return
    await migrate(db, await readMigrations())
    await db.insertInto('contacts').values(contact('a')).execute()
    const direct = await db
      .insertInto('contacts')
      .values(contact('b'))
      .execute()
      .catch((error: unknown) => error)
    expect(isUniqueViolation(direct)).toBe(true)
    const inTransaction = await db
      .transaction()
      .execute((trx) => trx.insertInto('contacts').values(contact('c')).execute())
      .catch((error: unknown) => error)
    expect(isUniqueViolation(inTransaction)).toBe(true)
    const other = await db
      .insertInto('contacts')
      .values({ ...contact('d'), email: null as never })
      .execute()
      .catch((error: unknown) => error)
    expect(other).toBeInstanceOf(Error)
    expect(isUniqueViolation(other)).toBe(false)

    // The loser of a race runs again, reads the winner's row and takes the update path.
    let attempts = 0
    const result = await retryOnConflict(async () => {
      attempts++
      const existing = await db
        .selectFrom('contacts')
        .select('id')
        .where('email', '=', 'same@example.com')
        .executeTakeFirst()
      if (attempts === 1 || !existing) {
        await db.insertInto('contacts').values(contact('e')).execute()
        return 'inserted'
      }
      return `found ${existing.id}`
    })
    expect(result).toBe('found a')
    expect(attempts).toBe(2)
  })
})
