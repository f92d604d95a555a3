import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { eventually, freePort, startNodeServer } from './support.js'

const ADMIN = 'crash-admin-token-0123456789abcdef'

/** Kills the server and tsx's child at once, as a power cut or OOM kill would. */
async function crash(child: ChildProcess): Promise<void> {
  const exited = new Promise((done) => child.once('exit', done))
  process.kill(-child.pid!, 'SIGKILL')
  await exited
}

/** `npm start` on the given SQLite file, in its own process group (see `crash`). */
const startServer = async (env: Record<string, string>) =>
  (await startNodeServer(env, { detached: true })).child

// "Nothing acknowledged is ever lost": a one-click unsubscribe that answered 200 survives the
// process being killed the next instant, while Mailchimp is down, and reaches Mailchimp later.
describe('an acknowledged unsubscribe survives a crash', () => {
  let mc: FakeMailchimpServer
  let dir: string
  let server: ChildProcess | undefined
  beforeAll(async () => {
    mc = await startFakeMailchimp()
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-crash-'))
  })
  afterAll(async () => {
    if (server && server.exitCode === null) await crash(server)
    await mc.close()
    rmSync(dir, { recursive: true, force: true })
  })

  it('reaches Mailchimp after SIGKILL and a restart', async () => {
    const port = await freePort()
    const base = `http://127.0.0.1:${port}`
    const env = {
      PORT: String(port),
      PUBLIC_URL: base,
      DATABASE_URL: `sqlite:${join(dir, 'crash.db')}`,
      SIGNING_KEYS: 'c1:crash-signing-secret-0123456789abcdefghij',
      ADMIN_TOKEN: ADMIN,
      ...mc.env(),
    }
    const admin = { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' }
    server = await startServer(env)

    // A confirmed subscriber, synced to Mailchimp.
    const put = await fetch(`${base}/api/v1/contacts/zoe%40example.com`, {
      method: 'PUT',
      headers: admin,
      body: JSON.stringify({
        subscriptions: { newsletter: 'subscribed' },
        consent: { source: 'crm-import', text: 'Yes, send me the newsletter' },
      }),
    })
    expect(put.status).toBe(200)
    await eventually(
      () => (mc.member('zoe@example.com')?.status === 'subscribed' ? true : undefined),
      'the member in Mailchimp',
    )

    // Mailchimp goes down; the person unsubscribes; the process dies at once.
    mc.down = true
    const links = (await (
      await fetch(`${base}/api/v1/contacts/zoe%40example.com/links`, {
        method: 'POST',
        headers: admin,
      })
    ).json()) as {
      unsubscribe_urls: Record<string, string>
    }
    const oneClick = await fetch(links.unsubscribe_urls.newsletter!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
      redirect: 'manual',
    })
    expect(oneClick.status).toBe(200)
    await crash(server)

    const db = new Database(join(dir, 'crash.db'), { readonly: true })
    expect(
      db.prepare("SELECT status FROM subscriptions WHERE list_id = 'newsletter'").get(),
    ).toEqual({ status: 'unsubscribed' })
    expect(
      (
        db
          .prepare("SELECT COUNT(*) AS n FROM outbox WHERE topic = 'mailchimp' AND done_at IS NULL")
          .get() as { n: number }
      ).n,
    ).toBeGreaterThan(0)
    db.close()
    expect(mc.member('zoe@example.com')!.status).toBe('subscribed')

    // Mailchimp is back and the service restarts: the unsubscribe arrives without anyone asking.
    mc.down = false
    server = await startServer(env)
    await eventually(
      () => (mc.member('zoe@example.com')?.status === 'unsubscribed' ? true : undefined),
      'the unsubscribe in Mailchimp',
      30_000,
    )
    // The rows are marked done once Mailchimp's answer is back, a moment after it saw the call.
    const waiting = () => {
      const after = new Database(join(dir, 'crash.db'), { readonly: true })
      try {
        return (
          after
            .prepare(
              "SELECT COUNT(*) AS n FROM outbox WHERE topic = 'mailchimp' AND done_at IS NULL",
            )
            .get() as { n: number }
        ).n
      } finally {
        after.close()
      }
    }
    await eventually(() => (waiting() === 0 ? true : undefined), 'the outbox to empty')
  }, 120_000)
})
