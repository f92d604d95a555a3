import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate } from '../../src/db/migrate.js'
import { type OpenDatabase, openDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import { findList, findLists, updateList } from '../../src/repos/lists.js'

let dir: string
let database: OpenDatabase | undefined
afterEach(async () => {
  await database?.close()
  database = undefined
  rmSync(dir, { recursive: true, force: true })
})

async function open(): Promise<{ database: OpenDatabase; path: string }> {
  dir = mkdtempSync(join(tmpdir(), 'prefcenter-lists-cache-'))
  const path = join(dir, 'test.db')
  database = await openDatabase(`sqlite:${path}`)
  await migrate(database.db, await readMigrations())
  return { database, path }
}

const names = async (db: OpenDatabase['db']) => (await findLists(db)).map((list) => list.name)

describe('lists read from memory on SQLite', () => {
  it('answers a change made through the app at once, in and out of transactions', async () => {
    const { database } = await open()
    expect(await names(database.db)).toContain('Newsletter')
    await updateList(database.db, 'newsletter', { name: 'News' })
    expect(await names(database.db)).toContain('News')
    await database.db.transaction().execute(async (trx) => {
      await updateList(trx, 'newsletter', { archived: 1 })
      expect((await findLists(trx)).map((list) => list.id)).not.toContain('newsletter')
    })
    expect((await findLists(database.db)).map((list) => list.id)).not.toContain('newsletter')
  })

  it('forgets what a rolled-back transaction wrote', async () => {
    const { database } = await open()
    await findLists(database.db)
    await expect(
      database.db.transaction().execute(async (trx) => {
        await updateList(trx, 'webinars', { name: 'Talks' })
        expect((await findList(trx, 'webinars'))?.name).toBe('Talks')
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect((await findList(database.db, 'webinars'))?.name).toBe('Webinars')
    expect(await names(database.db)).toContain('Webinars')
  })

  it('sees a change committed by another process (another connection to the file)', async () => {
    const { database, path } = await open()
    expect(await names(database.db)).toContain('Webinars')
    const other = new SQLite(path)
    other.prepare("UPDATE lists SET name = 'Live sessions' WHERE id = 'webinars'").run()
    other.close()
    expect(await names(database.db)).toContain('Live sessions')
  })

  it('hands out copies: a caller changing a row does not change the next answer', async () => {
    const { database } = await open()
    const first = await findLists(database.db)
    first[0]!.name = 'scribbled on'
    expect((await findLists(database.db))[0]!.name).not.toBe('scribbled on')
  })
})
