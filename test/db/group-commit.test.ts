import { fstatSync, fsync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { migrate } from '../../src/db/migrate.js'
import { type OpenDatabase, openDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

/**
 * Group commit (src/node/wal-sync.ts) on a real SQLite file: the WAL's fsync is Node's own, but
 * held at a gate the test opens, so the test can see what is answered before and after it.
 */
class SyncGate {
  calls: number[] = []
  held: (() => void)[] = []
  open = true
  failWith: NodeJS.ErrnoException | undefined

  readonly sync = (fd: number, done: (error: Error | null) => void) => {
    this.calls.push(fd)
    const run = () => (this.failWith ? done(this.failWith) : fsync(fd, done))
    if (this.open) run()
    else this.held.push(run)
  }

  release(): void {
    this.open = true
    for (const run of this.held.splice(0)) run()
  }
}

let dir: string
let database: OpenDatabase | undefined
let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  await database?.close().catch(() => undefined)
  t = database = undefined
  rmSync(dir, { recursive: true, force: true })
})

async function setUp(count: number) {
  dir = mkdtempSync(join(tmpdir(), 'prefcenter-group-commit-'))
  const path = join(dir, 'service.db')
  const gate = new SyncGate()
  database = await openDatabase(`sqlite:${path}`, { syncFile: gate.sync })
  await migrate(database.db, await readMigrations())
  t = await createTestApp({}, { db: database.db, dbKind: 'sqlite' })
  const ids = Array.from({ length: count }, (_, i) => `gc-${i}`)
  await database.db
    .insertInto('contacts')
    .values(
      ids.map((id) => ({
        id,
        email: `${id}@example.com`,
        name: null,
        locale: 'en',
        status: 'active',
        restricted: 0,
        complained: 0,
        created_at: 1,
        updated_at: 1,
      })),
    )
    .execute()
  await database.db
    .insertInto('subscriptions')
    .values(
      ids.map((id) => ({
        contact_id: id,
        list_id: 'newsletter',
        status: 'subscribed',
        created_at: 1,
        updated_at: 1,
      })),
    )
    .execute()
  const paths = await Promise.all(
    ids.map(
      async (id) =>
        `/unsubscribe/${await t!.deps.tokens.sign({ purpose: 'unsubscribe', contactId: id, lists: ['newsletter'], issuedAt: 1 })}`,
    ),
  )
  // A second connection, outside the app, sees what is committed whether or not it is synced.
  const observer = new SQLite(path, { readonly: true })
  const unsubscribed = () =>
    (
      observer
        .prepare(
          "SELECT count(*) AS n FROM subscriptions WHERE list_id = 'newsletter' AND status = 'unsubscribed'",
        )
        .get() as { n: number }
    ).n
  return { gate, path, paths, unsubscribed, closeObserver: () => observer.close() }
}

/** A request as the Node entry serves it: answered once what it wrote and read is durable. */
function serve(path: string, init?: RequestInit): Promise<Response> {
  return database!.whenDurable!(async () => await t!.app.request(path, init))
}

const oneClick = (path: string) =>
  serve(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'List-Unsubscribe=One-Click',
  })

/** Lets the event loop run until `ready()` holds (each turn lets pending I/O callbacks in). */
async function until(ready: () => boolean): Promise<void> {
  for (let turn = 0; turn < 2000 && !ready(); turn++)
    await new Promise((done) => setTimeout(done, 1))
  expect(ready()).toBe(true)
}

describe('group commit on SQLite', () => {
  it('answers concurrent one-click unsubscribes only after the fsync of the WAL that holds them, with fewer fsyncs than commits', async () => {
    const { gate, path, paths, unsubscribed, closeObserver } = await setUp(20)
    gate.open = false
    gate.calls = []
    const answered: number[] = []
    const requests = paths.map(async (p, i) => {
      const response = await oneClick(p)
      answered.push(i)
      return response
    })
    // Every change commits (another connection sees all 20) while the fsync is held...
    await until(() => unsubscribed() === 20)
    // ...and not one is answered before it.
    expect(answered).toEqual([])
    expect(gate.held.length).toBe(1)
    const fd = gate.calls[0]!
    expect(fstatSync(fd).ino).toBe(statSync(`${path}-wal`).ino)
    gate.release()
    const responses = await Promise.all(requests)
    expect(responses.map((response) => response.status)).toEqual(paths.map(() => 200))
    expect(answered).toHaveLength(20)
    // Twenty commits, at most two flushes: the held one, and one for those committed during it.
    expect(gate.calls.length).toBeGreaterThanOrEqual(1)
    expect(gate.calls.length).toBeLessThanOrEqual(2)
    closeObserver()
  })

  it('holds a read that saw a committed change until that change is on the disk', async () => {
    const { gate, paths, unsubscribed, closeObserver } = await setUp(1)
    gate.open = false
    let readDone = false
    const write = oneClick(paths[0]!)
    await until(() => unsubscribed() === 1)
    const read = serve('/api/v1/lists', {
      headers: { authorization: `Bearer ${t!.deps.config.adminToken}` },
    })
    void read.then(() => (readDone = true))
    await new Promise((done) => setTimeout(done, 20))
    expect(readDone).toBe(false)
    gate.release()
    expect((await write).status).toBe(200)
    expect((await read).status).toBe(200)
    closeObserver()
  })

  it('isolates a failing request: the others commit and answer 200, the bad one changes nothing', async () => {
    const { paths, unsubscribed, closeObserver } = await setUp(10)
    const forged = `${paths[0]!.slice(0, -4)}AAAA`
    const failing = database!.db
      .transaction()
      .execute(async (trx) => {
        await trx
          .updateTable('subscriptions')
          .set({ status: 'unsubscribed' })
          .where('contact_id', '=', 'gc-9')
          .execute()
        throw new Error('this transaction fails after its first write')
      })
      .then(
        () => 'committed',
        (error: Error) => error.message,
      )
    const [bad, ...good] = await Promise.all([oneClick(forged), ...paths.slice(0, 9).map(oneClick)])
    expect(await failing).toBe('this transaction fails after its first write')
    expect(bad!.status).toBe(400)
    expect(good.map((response) => response.status)).toEqual(good.map(() => 200))
    expect(unsubscribed()).toBe(9)
    const untouched = await database!.db
      .selectFrom('subscriptions')
      .select('status')
      .where('contact_id', '=', 'gc-9')
      .executeTakeFirstOrThrow()
    expect(untouched.status).toBe('subscribed')
    closeObserver()
  })

  it('answers 500 when the fsync fails, and acknowledges no change after that', async () => {
    const { gate, paths, closeObserver } = await setUp(2)
    gate.failWith = Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' })
    // The app answers 500 for its own write, and the barrier after it rejects too (the Node
    // entry answers that rejection with a 500 of its own).
    const first = await oneClick(paths[0]!).then(
      async (response) => ({ status: response.status, body: await response.text() }),
      (error: Error) => ({ status: 500, body: error.message }),
    )
    expect(first.status).toBe(500)
    expect(first.body).not.toContain('@example.com')
    // The disk said no once: a later change is not acknowledged either, even if fsync recovers.
    gate.failWith = undefined
    const second = await oneClick(paths[1]!).then(
      (response) => response.status,
      (error: Error) => error.message,
    )
    expect([500, 'fsync of the SQLite WAL failed: EIO: i/o error, fsync']).toContain(second)
    closeObserver()
  })
})
