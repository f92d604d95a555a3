import { createHmac, randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { FakeMailchimpServer } from '../support/fake-mailchimp.js'
import {
  ADMIN_TOKEN,
  EVENTS_SECRET,
  ORGANIZATION,
  WEBHOOK_SECRET,
  waitUntil,
  type MailSink,
  type Recorder,
} from './support.js'

/** A started target: its URL, the mail it sent, and the fake Mailchimp it talks to. */
export interface Target {
  baseUrl: string
  mail: MailSink
  mailchimp: FakeMailchimpServer
  /** Receives the host application's events webhook (EVENTS_WEBHOOK_URL). */
  events: Recorder
  output(): string
  stop(): Promise<void>
}

/**
 * The black-box suite every target passes: only HTTP, only the CONTRACT's surface. Mail is read
 * from the Mandrill sink, Mailchimp from the fake server; nothing looks inside the database.
 */
export function contractSuite(
  name: string,
  start: () => Promise<Target | undefined>,
  options: { skip?: boolean } = {},
): void {
  describe.skipIf(options.skip ?? false)(`contract on ${name}`, () => {
    let t: Target | undefined
    beforeAll(async () => {
      t = await start()
    }, 240_000)
    afterAll(async () => {
      await t?.stop()
    }, 60_000)

    const target = (): Target => {
      if (!t) throw new Error(`${name} did not start`)
      return t
    }
    const address = (tag: string) => `${tag}-${randomBytes(5).toString('hex')}@example.com`
    const request = (path: string, init: RequestInit = {}) =>
      fetch(`${target().baseUrl}${path}`, { redirect: 'manual', ...init })
    const postJson = (path: string, body: unknown, headers: Record<string, string> = {}) =>
      request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', ...headers },
        body: JSON.stringify(body),
      })
    const postForm = (
      path: string,
      form: Array<[string, string]>,
      headers: Record<string, string> = {},
    ) =>
      request(path, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(form).toString(),
      })
    const admin = (path: string, init: RequestInit = {}) =>
      request(`/api/v1${path}`, {
        ...init,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          accept: 'application/json',
          'content-type': 'application/json',
          ...(init.headers as Record<string, string>),
        },
      })
    const contact = async (email: string) => {
      const res = await admin(`/contacts/${encodeURIComponent(email)}`)
      if (res.status === 404) return undefined
      expect(res.status).toBe(200)
      return (await res.json()) as {
        email: string
        status: string
        subscriptions: Array<{ list: string; status: string }>
      }
    }
    const statusOn = async (email: string, list: string) =>
      (await contact(email))?.subscriptions.find((entry) => entry.list === list)?.status
    const linkIn = (text: string, kind: string) => {
      const match = new RegExp(
        `${target().baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/${kind}/([^\\s"'<>]+)`,
      ).exec(text)
      if (!match) throw new Error(`no ${kind} link in the mail`)
      return `/${kind}/${match[1]}`
    }
    /** Signs up and confirms; returns the address. */
    const subscribed = async (tag: string, lists: string[]) => {
      const email = address(tag)
      expect((await postJson('/subscribe', { email, lists })).status).toBe(202)
      const mail = await target().mail.waitFor(email)
      expect((await postForm(linkIn(mail.text, 'confirm'), [])).status).toBe(200)
      return email
    }

    it('answers /healthz with 200 JSON', async () => {
      const res = await request('/healthz')
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toContain('application/json')
    })

    it('serves the sign-up form with one unticked box per public list', async () => {
      const res = await request('/', { headers: { accept: 'text/html' } })
      expect(res.status).toBe(200)
      const html = await res.text()
      expect(html).toContain('name="email"')
      expect(html).toMatch(/value="newsletter"/)
      expect(html).toMatch(/value="webinars"/)
      expect(html).not.toMatch(/value="technical-advisories"/)
      expect(html).not.toMatch(/\bchecked\b/)
      expect(html).toContain('Mailchimp')
      // ORGANIZATION_NAME and _ADDRESS reach the page's footer on every target.
      const footer = /<footer[\s\S]*<\/footer>/.exec(html)?.[0] ?? ''
      expect(footer).toContain(ORGANIZATION.name)
      expect(footer).toContain(ORGANIZATION.address.split(',')[0])
    })

    it('refuses a bad address or an unknown list with 400, storing and sending nothing', async () => {
      const bad = await postJson('/subscribe', { email: 'not-an-address', lists: ['newsletter'] })
      expect(bad.status).toBe(400)
      expect((await bad.json()).error.code).toBeTruthy()
      const unknownList = address('unknown-list')
      const unknown = await postJson('/subscribe', { email: unknownList, lists: ['no-such-list'] })
      expect(unknown.status).toBe(400)
      // A later good sign-up's mail arrives; the refused one never produced any.
      await subscribed('after-refusal', ['newsletter'])
      expect(target().mail.to(unknownList)).toEqual([])
      expect(await contact(unknownList)).toBeUndefined()
    })

    it('takes a JSON sign-up: 202 pending, one mail with a confirm link; GET/HEAD change nothing, POST confirms', async () => {
      const email = address('json')
      const res = await postJson('/subscribe', { email, lists: ['newsletter', 'webinars'] })
      expect(res.status).toBe(202)
      expect(await res.json()).toEqual({ status: 'pending' })
      const mail = await target().mail.waitFor(email)
      const confirm = linkIn(mail.text, 'confirm')
      expect(await statusOn(email, 'newsletter')).toBe('pending')

      expect((await request(confirm)).status).toBe(200)
      expect((await request(confirm, { method: 'HEAD' })).status).toBe(200)
      expect(await statusOn(email, 'newsletter')).toBe('pending')

      expect((await postForm(confirm, [])).status).toBe(200)
      expect(await statusOn(email, 'newsletter')).toBe('subscribed')
      expect(await statusOn(email, 'webinars')).toBe('subscribed')
      expect((await postForm(confirm, [])).status).toBe(200)
      expect(await statusOn(email, 'newsletter')).toBe('subscribed')
      expect(target().mail.to(email)).toHaveLength(1)
      // The mail footer names who sends, with the postal address commercial mail must carry.
      expect(mail.text).toContain(ORGANIZATION.name)
      expect(mail.text).toContain(ORGANIZATION.address)
    })

    it('takes a form sign-up with repeated lists', async () => {
      const email = address('form')
      const res = await postForm(
        '/subscribe',
        [
          ['email', email],
          ['lists', 'newsletter'],
          ['lists', 'webinars'],
        ],
        { accept: 'application/json' },
      )
      expect(res.status).toBe(202)
      const mail = await target().mail.waitFor(email)
      expect(mail.text).toContain('/confirm/')
      expect(await statusOn(email, 'webinars')).toBe('pending')
    })

    it('refuses a forged confirm token with 400 and changes nothing', async () => {
      const email = address('forged')
      await postJson('/subscribe', { email, lists: ['newsletter'] })
      const mail = await target().mail.waitFor(email)
      const confirm = linkIn(mail.text, 'confirm')
      const forged = confirm.slice(0, -4) + (confirm.endsWith('AAAA') ? 'BBBB' : 'AAAA')
      expect((await postForm(forged, [])).status).toBe(400)
      expect((await postForm('/confirm/garbage', [])).status).toBe(400)
      expect(await statusOn(email, 'newsletter')).toBe('pending')
    })

    it('closes the admin API without the token (401) and lists the four lists with it', async () => {
      expect((await request('/api/v1/lists')).status).toBe(401)
      expect(
        (
          await request('/api/v1/lists', {
            headers: { authorization: 'Bearer wrong-token-0123456789' },
          })
        ).status,
      ).toBe(401)
      const res = await admin('/lists')
      expect(res.status).toBe(200)
      const ids = ((await res.json()) as { lists: Array<{ id: string }> }).lists.map(
        (list) => list.id,
      )
      expect(ids).toEqual(
        expect.arrayContaining(['newsletter', 'technical-advisories', 'call-reports', 'webinars']),
      )
    })

    it('unsubscribes with RFC 8058 one-click: 200, never a redirect, idempotent; GET changes nothing', async () => {
      const email = await subscribed('one-click', ['newsletter'])
      const res = await admin(`/contacts/${encodeURIComponent(email)}/links`, {
        method: 'POST',
        body: '{}',
      })
      expect(res.status).toBeLessThan(300)
      const links = (await res.json()) as {
        preferences_url: string
        unsubscribe_urls: Record<string, string> | Array<{ list: string; url: string }>
      }
      expect(links.preferences_url).toContain('/preferences/')
      const unsubscribeUrl = Array.isArray(links.unsubscribe_urls)
        ? links.unsubscribe_urls.find((entry) => entry.list === 'newsletter')!.url
        : links.unsubscribe_urls.newsletter!
      const path = new URL(unsubscribeUrl).pathname
      expect((await request(path)).status).toBe(200)
      expect(await statusOn(email, 'newsletter')).toBe('subscribed')
      for (let i = 0; i < 2; i++) {
        const click = await postForm(path, [['List-Unsubscribe', 'One-Click']])
        expect(click.status).toBe(200)
        expect(await statusOn(email, 'newsletter')).toBe('unsubscribed')
      }
    })

    it('shows and saves preferences, including unsubscribe from all', async () => {
      const email = await subscribed('prefs', ['newsletter', 'webinars'])
      const links = (await (
        await admin(`/contacts/${encodeURIComponent(email)}/links`, { method: 'POST', body: '{}' })
      ).json()) as { preferences_url: string }
      const path = new URL(links.preferences_url).pathname
      const page = await request(path, { headers: { accept: 'text/html' } })
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('newsletter')
      expect(await statusOn(email, 'webinars')).toBe('subscribed')
      const saved = await postForm(path, [['lists', 'newsletter']])
      expect(saved.status).toBeLessThan(400)
      expect(await statusOn(email, 'webinars')).toBe('unsubscribed')
      expect(await statusOn(email, 'newsletter')).toBe('subscribed')
      const all = await postForm(path, [['action', 'unsubscribe_all']])
      expect(all.status).toBeLessThan(400)
      expect(await statusOn(email, 'newsletter')).toBe('unsubscribed')
    })

    it('answers /manage the same for known and unknown addresses, mailing a preferences link to the known one', async () => {
      const known = await subscribed('manage', ['newsletter'])
      const unknown = address('manage-unknown')
      const a = await postForm('/manage', [['email', known]], { accept: 'text/html' })
      const b = await postForm('/manage', [['email', unknown]], { accept: 'text/html' })
      expect(a.status).toBe(b.status)
      expect(a.status).toBeLessThan(400)
      const mail = await target().mail.waitFor(known, 2)
      expect(mail.text).toContain('/preferences/')
      expect(target().mail.to(unknown)).toEqual([])
    })

    it('hides the Mailchimp webhook behind its secret', async () => {
      expect((await request('/webhooks/mailchimp/wrong-secret-123')).status).toBe(404)
      expect(
        (await postForm('/webhooks/mailchimp/wrong-secret-123', [['type', 'unsubscribe']])).status,
      ).toBe(404)
      expect((await request(`/webhooks/mailchimp/${WEBHOOK_SECRET}`)).status).toBe(200)
      // Any other method too: 404, never a 405 that would show the webhook exists (an attacker review).
      for (const method of ['PUT', 'DELETE', 'PATCH'])
        expect((await request('/webhooks/mailchimp/wrong-secret-123', { method })).status).toBe(404)
      expect((await request('/webhooks/mailchimp/wrong%00secret')).status).toBe(404)
    })

    it('answers another method on a known path 405 with Allow, an unknown path 404', async () => {
      const wrong = await request('/subscribe', {
        method: 'PUT',
        headers: { accept: 'application/json' },
      })
      expect(wrong.status).toBe(405)
      expect(wrong.headers.get('allow')).toBe('POST')
      expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe(
        'method_not_allowed',
      )
      expect((await request('/no-such-page')).status).toBe(404)
    })

    it('refuses a body over 64 KB with 413, and U+0000 in a path with 400', async () => {
      const big = await request('/subscribe', {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        body: JSON.stringify({
          email: address('big'),
          lists: ['newsletter'],
          pad: 'x'.repeat(70_000),
        }),
      })
      expect(big.status).toBe(413)
      expect(((await big.json()) as { error: { code: string } }).error.code).toBe(
        'payload_too_large',
      )
      expect((await request('/unsubscribe/abc%00def')).status).toBe(400)
    })

    it('mirrors a confirmed contact to Mailchimp, and the unsubscription after it', async () => {
      const email = await subscribed('mailchimp', ['newsletter'])
      const mc = target().mailchimp
      await waitUntil(
        () => mc.member(email)?.status === 'subscribed',
        'the member to be subscribed in Mailchimp',
      )
      const links = (await (
        await admin(`/contacts/${encodeURIComponent(email)}/links`, { method: 'POST', body: '{}' })
      ).json()) as { preferences_url: string }
      expect(
        (await postForm(new URL(links.preferences_url).pathname, [['action', 'unsubscribe_all']]))
          .status,
      ).toBeLessThan(400)
      await waitUntil(
        () => mc.member(email)?.status === 'unsubscribed',
        'the member to be unsubscribed in Mailchimp',
      )
    })

    it('recovers from a Mailchimp outage: the change is retried in the background until it lands', async () => {
      const mc = target().mailchimp
      mc.failNext(1, 503)
      const email = await subscribed('outage', ['webinars'])
      // Node retries on its job interval, Workers on the cron trigger (fired by worker:dev).
      await waitUntil(
        () => mc.member(email)?.status === 'subscribed',
        'the member to arrive after the outage',
        90_000,
      )
      expect(mc.log.some((entry) => entry.status === 503)).toBe(true)
    }, 120_000)

    it('tells the host application of a change through the signed events webhook', async () => {
      const email = await subscribed('events', ['webinars'])
      const about = async () => {
        const found = await contact(email)
        return found as unknown as { id?: string; contact_id?: string } | undefined
      }
      const view = await about()
      const id = view?.id ?? view?.contact_id
      const match = (entry: Recorder['received'][number]) => {
        const body = JSON.parse(entry.body) as {
          type: string
          data: { contact_id?: string; list?: string; to?: string }
        }
        return (
          body.type === 'subscription.changed' &&
          body.data.list === 'webinars' &&
          body.data.to === 'subscribed' &&
          (!id || body.data.contact_id === id)
        )
      }
      await waitUntil(() => target().events.received.some(match), 'the subscription.changed event')
      const delivery = target().events.received.find(match)!
      expect(delivery.method).toBe('POST')
      expect(delivery.body).not.toContain(email)
      // Standard Webhooks: v1,base64(HMAC-SHA256(key, id.timestamp.body)).
      const key = Buffer.from(EVENTS_SECRET.slice('whsec_'.length), 'base64')
      const expected = createHmac('sha256', key)
        .update(
          `${delivery.headers['webhook-id']}.${delivery.headers['webhook-timestamp']}.${delivery.body}`,
        )
        .digest('base64')
      expect(delivery.headers['webhook-signature']!.split(' ')).toContain(`v1,${expected}`)
    })

    it('erases a contact: afterwards the admin API no longer knows it', async () => {
      const email = await subscribed('erase', ['newsletter'])
      const res = await admin(`/contacts/${encodeURIComponent(email)}`, { method: 'DELETE' })
      expect(res.status).toBeLessThan(300)
      expect(await contact(email)).toBeUndefined()
    })

    it('answers a burst of identical requests (double clicks, retries) without a 5xx', async () => {
      const email = address('burst')
      const signups = await Promise.all(
        Array.from({ length: 8 }, () =>
          postJson('/subscribe', { email, lists: ['newsletter', 'webinars'] }),
        ),
      )
      expect(signups.map((res) => res.status)).toEqual(Array(8).fill(202))
      const mail = await target().mail.waitFor(email)
      const confirm = linkIn(mail.text, 'confirm')
      const confirms = await Promise.all(Array.from({ length: 8 }, () => postForm(confirm, [])))
      expect(confirms.map((res) => res.status)).toEqual(Array(8).fill(200))
      expect(await statusOn(email, 'newsletter')).toBe('subscribed')
      const links = (await (
        await admin(`/contacts/${encodeURIComponent(email)}/links`, { method: 'POST', body: '{}' })
      ).json()) as { preferences_url: string }
      const path = new URL(links.preferences_url).pathname
      const saves = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          postForm(path, i % 2 ? [['action', 'unsubscribe_all']] : [['lists', 'webinars']]),
        ),
      )
      expect(saves.every((res) => res.status < 400)).toBe(true)
      expect(['subscribed', 'unsubscribed']).toContain(await statusOn(email, 'webinars'))
      expect(await statusOn(email, 'newsletter')).toBe('unsubscribed')
    })

    it('answers concurrent admin upserts and sign-ups of one new address without a 5xx', async () => {
      const email = address('race')
      const lists = ['newsletter', 'webinars', 'call-reports']
      const puts = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          admin(`/contacts/${encodeURIComponent(email)}`, {
            method: 'PUT',
            body: JSON.stringify({
              subscriptions: { [lists[i % 3]!]: 'subscribed' },
              consent: { source: 'crm-form', text: 'Yes, please' },
            }),
          }),
        ),
      )
      expect(puts.map((res) => res.status)).toEqual(Array(6).fill(200))
      for (const list of lists) expect(await statusOn(email, list)).toBe('subscribed')
      const fresh = address('race-signup')
      const signups = await Promise.all(
        Array.from({ length: 3 }, (_, i) =>
          postJson('/subscribe', { email: fresh, lists: [i % 2 ? 'newsletter' : 'webinars'] }),
        ),
      )
      expect(signups.map((res) => res.status)).toEqual(Array(3).fill(202))
    })

    it('records each change of one contact once, however many requests race on it', async () => {
      const email = await subscribed('ledger-race', ['newsletter'])
      const links = (await (
        await admin(`/contacts/${encodeURIComponent(email)}/links`, { method: 'POST', body: '{}' })
      ).json()) as {
        unsubscribe_urls: Record<string, string> | Array<{ list: string; url: string }>
      }
      const unsubscribeUrl = Array.isArray(links.unsubscribe_urls)
        ? links.unsubscribe_urls.find((entry) => entry.list === 'newsletter')!.url
        : links.unsubscribe_urls.newsletter!
      const puts = await Promise.all(
        Array.from({ length: 8 }, () =>
          admin(`/contacts/${encodeURIComponent(email)}`, {
            method: 'PUT',
            body: JSON.stringify({
              subscriptions: { webinars: 'subscribed' },
              consent: { source: 'crm-form', text: 'Yes, please' },
            }),
          }),
        ),
      )
      expect(puts.map((res) => res.status)).toEqual(Array(8).fill(200))
      const clicks = await Promise.all(
        Array.from({ length: 8 }, () =>
          postForm(new URL(unsubscribeUrl).pathname, [['List-Unsubscribe', 'One-Click']]),
        ),
      )
      expect(clicks.map((res) => res.status)).toEqual(Array(8).fill(200))
      type Event = { contact_id: string; list: string | null; from: string | null; to: string }
      const res = await admin(`/events?contact=${encodeURIComponent(email)}&limit=500`)
      expect(res.status).toBe(200)
      const events = ((await res.json()) as { events: Event[] }).events.reverse()
      const changes = (list: string) =>
        events.filter((event) => event.list === list).map((event) => `${event.from}>${event.to}`)
      expect(changes('webinars')).toEqual(['null>subscribed'])
      expect(changes('newsletter')).toEqual([
        'null>pending',
        'pending>subscribed',
        'subscribed>unsubscribed',
      ])

      const erasures = await Promise.all(
        Array.from({ length: 4 }, () =>
          admin(`/contacts/${encodeURIComponent(email)}`, { method: 'DELETE' }),
        ),
      )
      expect(erasures.filter((answer) => answer.status < 300)).toHaveLength(1)
      expect(erasures.filter((answer) => answer.status === 404)).toHaveLength(3)
      const erased = (await (
        await admin(`/events?contact_id=${events[0]!.contact_id}&limit=500`)
      ).json()) as { events: Event[] }
      expect(erased.events.filter((event) => event.to === 'erased')).toHaveLength(1)
    })

    it('applies a Mailchimp webhook once, however many copies arrive at once', async () => {
      const email = await subscribed('webhook-race', ['newsletter'])
      const firedAt = new Date(Date.now() - 60_000).toISOString().slice(0, 19).replace('T', ' ')
      const form: Array<[string, string]> = [
        ['type', 'unsubscribe'],
        ['fired_at', firedAt],
        ['data[email]', email],
        ['data[list_id]', target().mailchimp.audienceId],
        ['data[action]', 'unsub'],
        ['data[reason]', 'manual'],
      ]
      const copies = await Promise.all(
        Array.from({ length: 6 }, () => postForm(`/webhooks/mailchimp/${WEBHOOK_SECRET}`, form)),
      )
      expect(copies.map((res) => res.status)).toEqual(Array(6).fill(200))
      const changes = (
        (await Promise.all(copies.map((res) => res.json()))) as Array<{
          changes: number
        }>
      ).map((answer) => answer.changes)
      // One copy made the change; every other one found nothing left to do or saw a replay.
      expect(changes.sort()).toEqual([0, 0, 0, 0, 0, 1])
      expect(await statusOn(email, 'newsletter')).toBe('unsubscribed')
      const res = await admin(`/events?contact=${encodeURIComponent(email)}&list=newsletter`)
      const events = ((await res.json()) as { events: Array<{ to: string }> }).events
      expect(events.filter((event) => event.to === 'unsubscribed')).toHaveLength(1)
    })

    it('never printed an address in its logs', async () => {
      // The admin API takes the address in its path, as a client may well send it: unencoded.
      const email = address('in-path')
      expect((await admin(`/contacts/${email}`)).status).toBe(404)
      await new Promise((resolve) => setTimeout(resolve, 500))
      expect(target().output()).not.toMatch(/[a-z0-9-]+-[0-9a-f]{10}(@|%40)example\.com/i)
    })
  })
}
