import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { sql } from 'kysely'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { startCheckpointer } from '../../src/node/checkpointer.js'
import { type OpenDatabase, openDatabase } from '../../src/node/database.js'

const dir = mkdtempSync(join(tmpdir(), 'prefcenter-checkpointer-'))
const opened: OpenDatabase[] = []
afterEach(async () => {
  for (const database of opened.splice(0)) await database.close()
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/**
 * Opens `file`, then commits about 5 MB (some 1,250 pages, past SQLite's 1,000-page checkpoint
 * threshold) in 50 transactions.
 */
async function writeFiveMegabytes(
  file: string,
  options: { backgroundCheckpoints?: boolean; bulkWrites?: boolean },
) {
  const path = join(dir, file)
  const database = await openDatabase(`sqlite:${path}`, options)
  opened.push(database)
  await sql`create table filler (id integer primary key, body text not null)`.execute(database.db)
  for (let i = 0; i < 50; i++)
    await database.db.transaction().execute(async (trx) => {
      for (let j = 0; j < 25; j++)
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
    const { path } = await writeFiveMegabytes('background.db', { backgroundCheckpoints: true })
    // The caller's own automatic checkpoint waits for 10,000 pages (40 MB): only the worker can
    // have moved these 5 MB out of the WAL into the file.
    expect(await within(5000, () => statSync(path).size > 4_500_000)).toBe(true)
  })

  it('also copies what was committed before it started (migrations at start-up)', async () => {
    const path = join(dir, 'earlier.db')
    const other = new SQLite(path)
    other.pragma('journal_mode = WAL')
    other.pragma('wal_autocheckpoint = 0')
    other.exec('create table filler (id integer primary key, body text not null)')
    const insert = other.prepare('insert into filler (body) values (?)')
    for (let i = 0; i < 1250; i++) insert.run('x'.repeat(4000))
    try {
      expect(statSync(path).size).toBeLessThan(500_000)
      opened.push(await openDatabase(`sqlite:${path}`, { backgroundCheckpoints: true }))
      expect(await within(5000, () => statSync(path).size > 4_500_000)).toBe(true)
    } finally {
      other.close()
    }
  })

  it('without it, at the same 10,000-page threshold, the same commits stay in the WAL (the control)', async () => {
    const { path } = await writeFiveMegabytes('control.db', { bulkWrites: true })
    await new Promise((done) => setTimeout(done, 500))
    expect(statSync(path).size).toBeLessThan(500_000)
    expect(statSync(`${path}-wal`).size).toBeGreaterThan(4_500_000)
  })

  it('stops with the database: its connection closes too, so the WAL is gone, and every row is there', async () => {
    const { path, database } = await writeFiveMegabytes('closing.db', {
      backgroundCheckpoints: true,
    })
    opened.splice(opened.indexOf(database), 1)
    await database.close()
    expect(existsSync(`${path}-wal`)).toBe(false)
    const again = await openDatabase(`sqlite:${path}`)
    opened.push(again)
    const { rows } = await sql<{ n: number }>`select count(*) as n from filler`.execute(again.db)
    expect(rows[0]?.n).toBe(1250)
  })

  it('keeps the 10,000-page automatic checkpoint as a safety net', async () => {
    const { database } = await writeFiveMegabytes('net.db', { backgroundCheckpoints: true })
    const { rows } = await sql<{
      wal_autocheckpoint: number
    }>`pragma wal_autocheckpoint`.execute(database.db)
    expect(rows[0]?.wal_autocheckpoint).toBe(10_000)
  })

  it('reports a thread that could not start, once, as stopped', async () => {
    const stops: boolean[] = []
    const missing = startCheckpointer(join(dir, 'any.db'), {
      driver: join(dir, 'no-such-driver.js'),
      onError: (_error, stopped) => stops.push(stopped),
    })
    const garbage = join(dir, 'garbage.db')
    writeFileSync(garbage, 'not a database, '.repeat(1000))
    const messages: string[] = []
    const unreadable = startCheckpointer(garbage, {
      onError: (error, stopped) => messages.push(`${stopped}: ${error.message}`),
    })
    expect(await within(5000, () => stops.length > 0 && messages.length > 0)).toBe(true)
    await Promise.all([missing.stop(), unreadable.stop()])
    expect(stops).toEqual([true])
    expect(messages).toEqual(['true: file is not a database'])
  })
})
