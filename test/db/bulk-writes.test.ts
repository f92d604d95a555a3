import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { type OpenDatabase, openDatabase } from '../../src/node/database.js'

const dir = mkdtempSync(join(tmpdir(), 'prefcenter-bulk-writes-'))
const opened: OpenDatabase[] = []
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close()
})

async function autocheckpointOf(file: string, options: { bulkWrites?: boolean }) {
  const database = await openDatabase(`sqlite:${join(dir, file)}`, options)
  opened.push(database)
  const { rows } = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(
    database.db,
  )
  return rows[0]?.wal_autocheckpoint
}

describe('SQLite opened for bulk writes (the CLI import)', () => {
  it('checkpoints the WAL every 10,000 pages; the server keeps the default 1,000', async () => {
    expect(await autocheckpointOf('import.db', { bulkWrites: true })).toBe(10_000)
    expect(await autocheckpointOf('server.db', {})).toBe(1000)
    rmSync(dir, { recursive: true, force: true })
  })
})
