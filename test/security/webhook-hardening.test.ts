import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../src/logger.js'
import { loggablePath } from '../../src/app.js'
import { subscriptionsOf } from '../mailchimp/helpers.js'
import { seedContact } from '../admin/helpers.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const SECRET = 'webhook-secret-0123456789abcdefghij'
let mc: FakeMailchimpServer
let t: TestApp
let logs: string[]

beforeEach(async () => {
  logs = []
  mc = await startFakeMailchimp()
  t = await createTestApp(mc.env({ MAILCHIMP_WEBHOOK_SECRET: SECRET }), {
    logger: createLogger('info', (line) => logs.push(line)),
  })
})
afterEach(async () => {
  await t.close().catch(() => undefined)
  await mc.close()
})

function post(body: string, type = 'application/x-www-form-urlencoded') {
  return t.app.request(`/webhooks/mailchimp/${SECRET}`, {
    method: 'POST',
    headers: { 'content-type': type },
    body,
  })
}

const unsubscribe = (fields: Record<string, string> = {}) =>
  new URLSearchParams({
    type: 'unsubscribe',
    fired_at: '2026-11-22 11:58:00',
    'data[action]': 'unsub',
    'data[email]': 'bea@example.com',
    'data[list_id]': 'aud1',
    ...fields,
  }).toString()

describe('issue 11 items 7 and 8: the Mailchimp webhook route', () => {
  it('a malformed multipart body is a 400, changes nothing and logs nothing', async () => {
    await seedContact(t, 'bea@example.com')
    const broken = await post(
      '--nope\r\nContent-Disposition: form-data; name="type"\r\n\r\nunsubscribe',
      'multipart/form-data; boundary=XYZ',
    )
    expect(broken.status).toBe(400)
    // A program is answered in JSON, never with a page (whose language links named the path).
    expect(broken.headers.get('content-type')).toMatch(/^application\/json/)
    expect(((await broken.json()) as any).error.code).toBe('bad_request')
    const noBoundary = await post('type=unsubscribe', 'multipart/form-data')
    expect(noBoundary.status).toBe(400)
    expect(await subscriptionsOf(t, 'bea@example.com')).toEqual({ newsletter: 'subscribed' })
    expect(logs.join('\n')).not.toContain(SECRET)
  })

  it('when a 5xx happens anyway, the logged path masks the secret', async () => {
    await t.deps.db.destroy()
    const res = await post(unsubscribe())
    expect(res.status).toBe(500)
    const logged = logs.join('\n')
    expect(logged).toContain('/webhooks/mailchimp/:secret')
    expect(logged).not.toContain(SECRET)
  })

  it('masks every secret-bearing path segment', () => {
    expect(loggablePath(`/webhooks/mailchimp/${SECRET}`)).toBe('/webhooks/mailchimp/:secret')
    expect(loggablePath('/privacy/erase/abc.def.ghi')).toBe('/privacy/erase/:token')
    expect(loggablePath('/preferences/abc.def.ghi/export')).toBe('/preferences/:token/export')
    expect(loggablePath('/api/v1/contacts/a%40b.c/links')).toBe('/api/v1/contacts/:email/links')
  })

  it('a replay with extra parameters, reordered fields or another case is still a replay', async () => {
    await seedContact(t, 'bea@example.com')
    expect(((await (await post(unsubscribe())).json()) as any).status).not.toBe('replay')
    // Bea subscribes again through us; a replayed old unsubscribe must not undo it.
    await t.deps.db
      .updateTable('subscriptions')
      .set({ status: 'subscribed' })
      .where('list_id', '=', 'newsletter')
      .execute()
    const variants = [
      `${unsubscribe()}&x=1`,
      `x=2&${unsubscribe()}`,
      unsubscribe({ 'data[email]': 'BEA@example.com' }),
      new URLSearchParams(unsubscribe()).toString().split('&').reverse().join('&'),
    ]
    for (const body of variants) {
      const res = await post(body)
      expect(res.status).toBe(200)
      expect(((await res.json()) as any).status).toBe('replay')
    }
    expect(await subscriptionsOf(t, 'bea@example.com')).toEqual({ newsletter: 'subscribed' })
  })

  it('a different event for the same member (another time) is not a replay', async () => {
    await seedContact(t, 'bea@example.com')
    await post(unsubscribe())
    const later = await post(unsubscribe({ fired_at: '2026-11-22 11:59:00' }))
    expect(((await later.json()) as any).status).not.toBe('replay')
  })

  it('a fired_at in the future beyond the allowed skew is refused, and changes nothing', async () => {
    await seedContact(t, 'bea@example.com')
    const res = await post(unsubscribe({ fired_at: '2026-11-22 13:00:00' }))
    expect(res.status).toBe(400)
    expect(((await res.json()) as any).error.message).toMatch(/fired_at/)
    expect(await subscriptionsOf(t, 'bea@example.com')).toEqual({ newsletter: 'subscribed' })
    const receipts = await t.deps.db.selectFrom('mailchimp_webhook_receipts').selectAll().execute()
    expect(receipts).toEqual([])
    // Within the skew (a clock a few minutes ahead) it is accepted.
    expect((await post(unsubscribe({ fired_at: '2026-11-22 12:03:00' }))).status).toBe(200)
    expect(await subscriptionsOf(t, 'bea@example.com')).toEqual({ newsletter: 'unsubscribed' })
  })
})
