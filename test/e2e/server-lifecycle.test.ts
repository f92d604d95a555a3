import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { request as httpRequest, Agent } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { freePort, startNodeServer } from './support.js'

// An operator review: SIGTERM under load (every rolling deploy) closed the database under
// requests still running: 500s ("driver has already been destroyed") and changes committed
// that were never answered. A stop must finish what it accepted, answer the rest 503, and only
// then close the database.

const ADMIN = 'stop-admin-token-0123456789abcdef'
let dir: string | undefined
afterAll(() => dir && rmSync(dir, { recursive: true, force: true }))

/** One PUT over a keep-alive agent: its status, or 0 when the connection failed. */
function put(port: number, agent: Agent, email: string): Promise<number> {
  const body = JSON.stringify({ subscriptions: { 'call-reports': 'subscribed' } })
  return new Promise((resolve) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: 'PUT',
        path: `/api/v1/contacts/${encodeURIComponent(email)}`,
        agent,
        headers: {
          authorization: `Bearer ${ADMIN}`,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
      },
    )
    req.on('error', () => resolve(0))
    req.end(body)
  })
}

describe('SIGTERM under load', () => {
  it('answers every change it committed, no 500, and exits cleanly', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-stop-'))
    const file = join(dir, 'stop.db')
    const port = await freePort()
    const { child, output } = await startNodeServer({
      PORT: String(port),
      DATABASE_URL: `sqlite:${file}`,
      ADMIN_TOKEN: ADMIN,
      SIGNING_KEYS: 'k1:0123456789abcdef0123456789abcdef',
      MAIL_TRANSPORT: 'stdout',
    })
    const agent = new Agent({ keepAlive: true, maxSockets: 50 })
    const statuses: number[] = []
    let next = 0
    let running = true
    const workers = Array.from({ length: 50 }, async () => {
      while (running) statuses.push(await put(port, agent, `load${next++}@example.com`))
    })
    await new Promise((done) => setTimeout(done, 1500))
    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)))
    child.kill('SIGTERM')
    const code = await exited
    running = false
    await Promise.all(workers)
    agent.destroy()

    expect(code).toBe(0)
    const answered = statuses.filter((status) => status === 200).length
    expect(answered).toBeGreaterThan(50)
    expect(statuses.filter((status) => status >= 500 && status !== 503)).toEqual([])
    expect(output()).not.toMatch(/request failed|destroyed/)
    const db = new Database(file, { readonly: true })
    const committed = (
      db
        .prepare("select count(*) as n from subscriptions where list_id = 'call-reports'")
        .get() as {
        n: number
      }
    ).n
    db.close()
    // Nothing changed that was not answered, nothing answered that was not kept.
    expect(committed).toBe(answered)
  }, 90_000)
})

// An operator review: a second `npm start` on the same SQLite file freed the outbox rows the
// first, alive, had claimed (a host event went out twice). It now finds the first and says so.
describe('a second server on the same SQLite file', () => {
  it('warns, and leaves the live one its claimed work; a clean stop removes the note', async () => {
    dir ??= mkdtempSync(join(tmpdir(), 'prefcenter-stop-'))
    const file = join(dir, 'two.db')
    const env = {
      DATABASE_URL: `sqlite:${file}`,
      ADMIN_TOKEN: ADMIN,
      SIGNING_KEYS: 'k1:0123456789abcdef0123456789abcdef',
      MAIL_TRANSPORT: 'stdout',
    }
    const first = await startNodeServer({ ...env, PORT: String(await freePort()) })
    expect(readFileSync(`${file}.server`, 'utf8').trim()).toBe(String(first.child.pid))
    // A row the first server holds, as its drainer would.
    const db = new Database(file)
    db.prepare(
      "insert into outbox (id, topic, contact_id, payload, created_at, available_at, attempts, claimed_by, claimed_until) values ('o1', 'host-webhook', null, '{}', 0, 0, 0, 'first', ?)",
    ).run(Date.now() + 60_000)
    db.close()
    const second = await startNodeServer({ ...env, PORT: String(await freePort()) })
    expect(second.output()).toMatch(/another Prefcenter server uses this SQLite file/)
    const check = new Database(file, { readonly: true })
    expect(check.prepare("select claimed_by from outbox where id = 'o1'").get()).toEqual({
      claimed_by: 'first',
    })
    check.close()
    for (const server of [second, first]) {
      const exited = new Promise((done) => server.child.once('exit', done))
      server.child.kill('SIGTERM')
      await exited
    }
    expect(existsSync(`${file}.server`)).toBe(false)
  }, 90_000)
})
