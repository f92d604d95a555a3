import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { type OpenDatabase, openDatabase } from '../../src/node/database.js'

const dir = mkdtempSync(join(tmpdir(), 'prefcenter-checkpointer-'))
const opened: OpenDatabase[] = []
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Opens `file`, then commits about 2 MB (roughly 500 pages) in 50 transactions. */
async function writeTwoMegabytes(file: string, backgroundCheckpoints: boolean) {
  const path = join(dir, file)
  const database = await openDatabase(`sqlite:${path}`, { backgroundCheckpoints })
  opened.push(database)
  await sql`create table filler (id integer primary key, body text not null)`.execute(database.db)
  for (let i = 0; i < 50; i++)
    await database.db.transaction().execute(async (trx) => {
      for (let j = 0; j < 10; j++)
        await sql`insert into filler (body) values (${'x'.repeat(4000)})`.execute(trx)
    })
  return { path, database }
}

/** Polls `check` every 50 ms for up to `ms`; true once it held. */
async function within(ms: number, check: () => boolean): Promise<boolean> {
  for (const deadline = Date.now() + ms; Date.now() < deadline; ) {
    if (check()) return true
    await new Promise((done) => setTimeout(done, 50))
  }
  return check()
}

describe('SQLite checkpoints on a worker thread (the server)', () => {
  it('copies committed pages into the database file without a checkpoint on the caller', async () => {
    const { path } = await writeTwoMegabytes('background.db', true)
    // The caller's own automatic checkpoint waits for 10,000 pages (40 MB): only the worker can
    // have moved these 2 MB out of the WAL into the file.
    expect(await within(5000, () => statSync(path).size > 1_500_000)).toBe(true)
  })

  it('also copies what was committed before it started (migrations at start-up)', async () => {
    const path = join(dir, 'earlier.db')
    const other = new SQLite(path)
    other.pragma('journal_mode = WAL')
    other.pragma('wal_autocheckpoint = 0')
    other.exec('create table filler (id integer primary key, body text not null)')
    const insert = other.prepare('insert into filler (body) values (?)')
    for (let i = 0; i < 500; i++) insert.run('x'.repeat(4000))
    try {
      expect(statSync(path).size).toBeLessThan(500_000)
      opened.push(await openDatabase(`sqlite:${path}`, { backgroundCheckpoints: true }))
      expect(await within(5000, () => statSync(path).size > 1_500_000)).toBe(true)
    } finally {
      other.close()
    }
  })

  it('without it, the same commits stay in the WAL (the control)', async () => {
    const { path } = await writeTwoMegabytes('control.db', false)
    await new Promise((done) => setTimeout(done, 500))
    expect(statSync(path).size).toBeLessThan(500_000)
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(1_500_000)
  })

  it('stops with the database: the WAL is emptied on close and every row is there', async () => {
    const { path, database } = await writeTwoMegabytes('closing.db', true)
    opened.splice(opened.indexOf(database), 1)
    await database.close()
    expect(existsSync(`${path}-wal`)).toBe(false)
    const again = await openDatabase(`sqlite:${path}`)
    opened.push(again)
    const { rows } = await sql<{ n: number }>`select count(*) as n from filler`.execute(again.db)
    expect(rows[0]?.n).toBe(500)
  })

  it('keeps the 10,000-page automatic checkpoint as a safety net', async () => {
    const { database } = await writeTwoMegabytes('net.db', true)
    const { rows } = await sql<{
      wal_autocheckpoint: number
    }>`pragma wal_autocheckpoint`.execute(database.db)
    expect(rows[0]?.wal_autocheckpoint).toBe(10_000)
  })
})
