import { createHmac, timingSafeEqual } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { deliverEvents } from '../../src/host-webhooks/delivery-job.js'
import { backgroundJobs } from '../../src/jobs.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, seedContact } from '../admin/helpers.js'

interface Received {
  headers: IncomingMessage['headers']
  body: string
  verified: boolean
}

const SECRET_BYTES = Buffer.from('a-receiver-secret-of-32-bytes!!!')
const WHSEC = `whsec_${SECRET_BYTES.toString('base64')}`

/** A host application: verifies the Standard Webhooks signature like the spec's libraries do. */
async function startReceiver(key: Buffer, statuses: number[] = []) {
  const received: Received[] = []
  const server: Server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => (body += chunk))
    req.on('end', () => {
      const id = String(req.headers['webhook-id'])
      const ts = String(req.headers['webhook-timestamp'])
      const expected = createHmac('sha256', key).update(`${id}.${ts}.${body}`).digest()
      const verified = String(req.headers['webhook-signature'])
        .split(' ')
        .some((sig) => {
          const [version, value] = sig.split(',')
          const given = Buffer.from(value ?? '', 'base64')
          return (
            version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected)
          )
        })
      received.push({ headers: req.headers, body, verified })
      res.statusCode = statuses.shift() ?? 204
      res.end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/prefcenter`
  return {
    url,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }
}

let t: TestApp
let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined
afterEach(async () => {
  await t?.close()
  await receiver?.close()
  receiver = undefined
})

describe('events webhook', () => {
  it('delivers subscription.changed and contact.erased, signed per Standard Webhooks (whsec_ secret)', async () => {
    receiver = await startReceiver(SECRET_BYTES)
    t = await createTestApp({ EVENTS_WEBHOOK_URL: receiver.url, EVENTS_WEBHOOK_SECRET: WHSEC })
    expect(backgroundJobs(t.deps).map((job) => job.name)).toContain('host-webhook')
    const contact = await seedContact(t, 'hook@example.com')
    await api(t, 'DELETE', `/contacts/${enc('hook@example.com')}`)
    const summary = await deliverEvents(t.deps)
    expect(summary).toEqual({ delivered: 2, retried: 0, failed: 0 })
    expect(receiver.received).toHaveLength(2)
    expect(receiver.received.every((r) => r.verified)).toBe(true)
    const [changed, erased] = receiver.received.map((r) => JSON.parse(r.body))
    expect(changed).toEqual({
      type: 'subscription.changed',
      timestamp: '2026-11-01T10:00:00.000Z',
      data: {
        contact_id: contact.id,
        list: 'newsletter',
        from: null,
        to: 'subscribed',
        source: 'admin',
      },
    })
    expect(erased).toMatchObject({ type: 'contact.erased', data: { contact_id: contact.id } })
    const first = receiver.received[0]!.headers
    expect(first['webhook-id']).toMatch(/^msg_/)
    expect(first['webhook-timestamp']).toBe(String(Math.floor(t.clock.now / 1000)))
    expect(first['content-type']).toBe('application/json')
    expect(receiver.received.map((r) => r.body).join()).not.toContain('hook@example.com')
    // Delivered rows are done: another pass sends nothing.
    expect(await deliverEvents(t.deps)).toEqual({ delivered: 0, retried: 0, failed: 0 })
  })

  it('delivers account.cancellation_requested when someone confirms leaving the account list', async () => {
    receiver = await startReceiver(SECRET_BYTES)
    t = await createTestApp({ EVENTS_WEBHOOK_URL: receiver.url, EVENTS_WEBHOOK_SECRET: WHSEC })
    const contact = await seedContact(t, 'leaver@example.com', {
      'technical-advisories': 'subscribed',
    })
    const links = (await (
      await api(t, 'POST', `/contacts/${enc('leaver@example.com')}/links`)
    ).json()) as any
    const res = await t.app.request(
      new URL(links.unsubscribe_urls['technical-advisories']).pathname,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'confirm_cancel=yes',
      },
    )
    if (res.status === 404) return // the unsubscribe route belongs to the public flows
    expect(res.status).toBe(200)
    await deliverEvents(t.deps)
    const bodies = receiver.received.map((r) => JSON.parse(r.body))
    expect(receiver.received.every((r) => r.verified)).toBe(true)
    expect(bodies.map((b) => b.type)).toContain('account.cancellation_requested')
    expect(bodies.find((b) => b.type === 'account.cancellation_requested')).toMatchObject({
      data: { contact_id: contact.id, list: 'technical-advisories' },
    })
  })

  it('accepts a plain-string secret (its UTF-8 bytes are the key)', async () => {
    const plain = 'plain-string-secret-for-the-hook'
    receiver = await startReceiver(Buffer.from(plain, 'utf8'))
    t = await createTestApp({ EVENTS_WEBHOOK_URL: receiver.url, EVENTS_WEBHOOK_SECRET: plain })
    await seedContact(t, 'plain@example.com')
    await deliverEvents(t.deps)
    expect(receiver.received).toHaveLength(1)
    expect(receiver.received[0]!.verified).toBe(true)
  })

  it('retries with backoff under the same webhook-id until the receiver accepts', async () => {
    receiver = await startReceiver(SECRET_BYTES, [500, 503])
    t = await createTestApp({ EVENTS_WEBHOOK_URL: receiver.url, EVENTS_WEBHOOK_SECRET: WHSEC })
    await seedContact(t, 'retry@example.com')
    expect(await deliverEvents(t.deps)).toEqual({ delivered: 0, retried: 1, failed: 0 })
    // Not due yet: nothing is sent before the backoff has passed.
    expect(await deliverEvents(t.deps)).toEqual({ delivered: 0, retried: 0, failed: 0 })
    t.clock.advance(60_000)
    expect(await deliverEvents(t.deps)).toEqual({ delivered: 0, retried: 1, failed: 0 })
    t.clock.advance(30 * 60_000)
    expect(await deliverEvents(t.deps)).toEqual({ delivered: 1, retried: 0, failed: 0 })
    expect(receiver.received).toHaveLength(3)
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(1)
    const row = await t.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'host-webhook')
      .executeTakeFirstOrThrow()
    expect(row.attempts).toBe(2)
    expect(row.done_at).not.toBeNull()
    expect(row.last_error).toBe('receiver answered 503')
  })

  it('keeps retrying when the receiver is down, without throwing', async () => {
    receiver = await startReceiver(SECRET_BYTES)
    const url = receiver.url
    await receiver.close()
    receiver = undefined
    t = await createTestApp({ EVENTS_WEBHOOK_URL: url, EVENTS_WEBHOOK_SECRET: WHSEC })
    await seedContact(t, 'down@example.com')
    expect(await deliverEvents(t.deps)).toEqual({ delivered: 0, retried: 1, failed: 0 })
    const row = await t.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'host-webhook')
      .executeTakeFirstOrThrow()
    expect(row.last_error).toMatch(/^delivery failed/)
  })
})
