import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import {
  createScratchDatabase,
  postgresAvailable,
  type ScratchDatabase,
} from '../postgres/pg-support.js'
import {
  ADMIN_TOKEN,
  freePort,
  MANDRILL_KEY,
  SIGNING_KEYS,
  startMailSink,
  startServer,
  waitUntil,
  WEBHOOK_SECRET,
  type MailSink,
  type StartedServer,
} from './support.js'

const available = await postgresAvailable()
const md5 = (text: string) => createHash('md5').update(text.toLowerCase()).digest('hex')

/**
 * Two Node instances (`npm start`) on one PostgreSQL, started at the same moment, and a burst
 * of changes spread over both: every change reaches the fake Mailchimp exactly once.
 */
describe.skipIf(!available)('two Node instances on one PostgreSQL', () => {
  let scratch: ScratchDatabase
  let mail: MailSink
  let mailchimp: FakeMailchimpServer
  const servers: StartedServer[] = []

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    mail = await startMailSink()
    mailchimp = await startFakeMailchimp()
    const ports = [await freePort(), await freePort()]
    const env = (port: number) => ({
      DATABASE_URL: scratch.url,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      SIGNING_KEYS,
      ADMIN_TOKEN,
      MAIL_TRANSPORT: 'mandrill',
      MANDRILL_API_KEY: MANDRILL_KEY,
      MANDRILL_API_URL: mail.url,
      MAILCHIMP_WEBHOOK_SECRET: WEBHOOK_SECRET,
      // The burst comes from one IP; the per-IP limit (shared by both instances) would cut it.
      SIGNUP_LIMIT_PER_IP: '1000',
      ...mailchimp.env(),
    })
    servers.push(
      ...(await Promise.all(
        ports.map((port) => startServer({ script: 'start', port, env: env(port) })),
      )),
    )
  }, 240_000)

  afterAll(async () => {
    for (const server of servers) await server.stop()
    await mail?.close()
    await mailchimp?.close()
    await scratch?.drop()
  }, 60_000)

  /** Every member write the fake received for an address: single PUTs and batch entries. */
  const sendsTo = (email: string) =>
    mailchimp.log
      .filter((entry) => entry.status < 300)
      .flatMap((entry) => {
        if (entry.method === 'PUT' && entry.path.endsWith(`/members/${md5(email)}`))
          return [entry.body.status as string]
        if (entry.method === 'POST' && /\/lists\/[^/]+$/.test(entry.path)) {
          return (entry.body.members as Array<{ email_address: string; status: string }>)
            .filter((m) => m.email_address.toLowerCase() === email)
            .map((m) => m.status)
        }
        return []
      })

  const outboxPending = async () => {
    const client = new pg.Client({ connectionString: scratch.url })
    await client.connect()
    try {
      const result = await client.query(
        "SELECT count(*)::int AS n FROM outbox WHERE topic = 'mailchimp' AND done_at IS NULL",
      )
      return result.rows[0].n as number
    } finally {
      await client.end()
    }
  }

  it('sends each confirmation, then each unsubscription, to Mailchimp exactly once', async () => {
    const [a, b] = servers as [StartedServer, StartedServer]
    const emails = Array.from(
      { length: 40 },
      (_, i) => `burst-${i}-${Date.now().toString(36)}@example.com`,
    )
    // Sign-ups alternate between the instances...
    await Promise.all(
      emails.map(async (email, i) => {
        const res = await fetch(`${(i % 2 ? a : b).baseUrl}/subscribe`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ email, lists: ['newsletter', 'webinars'] }),
        })
        expect(res.status).toBe(202)
      }),
    )
    // ...and each is confirmed on the other one, all at once.
    await Promise.all(
      emails.map(async (email, i) => {
        const message = await mail.waitFor(email)
        const path = /\/confirm\/[^\s"'<>]+/.exec(message.text)![0]
        const res = await fetch(`${(i % 2 ? b : a).baseUrl}${path}`, { method: 'POST' })
        expect(res.status).toBe(200)
      }),
    )
    await waitUntil(
      async () =>
        emails.every((email) => mailchimp.member(email)?.status === 'subscribed') &&
        (await outboxPending()) === 0,
      'every member subscribed in Mailchimp',
      60_000,
    )
    for (const email of emails) expect(sendsTo(email)).toEqual(['subscribed'])

    // A second burst: half of them leave with one-click unsubscribe-from-all, spread likewise.
    const leaving = emails.filter((_, i) => i % 2 === 0)
    await Promise.all(
      leaving.map(async (email, i) => {
        const server = i % 2 ? a : b
        const links = await fetch(
          `${server.baseUrl}/api/v1/contacts/${encodeURIComponent(email)}/links`,
          {
            method: 'POST',
            headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
            body: '{}',
          },
        )
        const { preferences_url } = (await links.json()) as { preferences_url: string }
        const res = await fetch(`${(i % 2 ? b : a).baseUrl}${new URL(preferences_url).pathname}`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: 'action=unsubscribe_all',
          redirect: 'manual',
        })
        expect(res.status).toBeLessThan(400)
      }),
    )
    await waitUntil(
      async () =>
        leaving.every((email) => mailchimp.member(email)?.status === 'unsubscribed') &&
        (await outboxPending()) === 0,
      'the leavers unsubscribed in Mailchimp',
      60_000,
    )
    for (const email of emails)
      expect(sendsTo(email)).toEqual(
        leaving.includes(email) ? ['subscribed', 'unsubscribed'] : ['subscribed'],
      )
    // Both instances drained (each woke on its own commits), so the claims really competed.
    expect(a.output()).toContain('mailchimp sync pass')
    expect(b.output()).toContain('mailchimp sync pass')
  })

  it('shares the per-address sign-up limit between the instances (kept in the database)', async () => {
    const [a, b] = servers as [StartedServer, StartedServer]
    const email = `limited-${Date.now().toString(36)}@example.com`
    for (let i = 0; i < 8; i++) {
      const res = await fetch(`${(i % 2 ? a : b).baseUrl}/subscribe`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({ email, lists: ['newsletter'] }),
      })
      expect(res.status).toBe(202)
    }
    // A later address proves the mail queue is flushed; the limited one got at most the limit
    // (SIGNUP_LIMIT_PER_ADDRESS, default 3) in total, not 3 per instance.
    const marker = `marker-${Date.now().toString(36)}@example.com`
    await fetch(`${a.baseUrl}/subscribe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ email: marker, lists: ['newsletter'] }),
    })
    await mail.waitFor(marker)
    expect(mail.to(email).length).toBeGreaterThanOrEqual(1)
    expect(mail.to(email).length).toBeLessThanOrEqual(3)
  })
})
