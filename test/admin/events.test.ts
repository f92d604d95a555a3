import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, seedContact } from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

describe('GET /api/v1/events', () => {
  it('pages through the ledger newest first with an opaque cursor', async () => {
    t = await createTestApp()
    for (let i = 0; i < 7; i++) {
      await seedContact(t, `p${i}@example.com`)
      t.clock.advance(1000)
    }
    const seen: string[] = []
    let cursor: string | null = null
    let pages = 0
    do {
      const res = await api(t, 'GET', `/events?limit=3${cursor ? `&cursor=${cursor}` : ''}`)
      expect(res.status).toBe(200)
      const body = (await res.json()) as any
      seen.push(...body.events.map((e: any) => e.email))
      cursor = body.next_cursor
      pages++
    } while (cursor)
    expect(pages).toBe(3)
    expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0].map((i) => `p${i}@example.com`))
  })

  it('filters by contact, list, source and time range', async () => {
    t = await createTestApp()
    await seedContact(t, 'a@example.com', {
      newsletter: 'subscribed',
      'call-reports': 'subscribed',
    })
    t.clock.advance(60_000)
    const middle = t.clock.now
    await seedContact(t, 'b@example.com', { webinars: 'subscribed' })
    t.clock.advance(60_000)
    await api(t, 'PUT', `/contacts/${enc('a@example.com')}`, {
      subscriptions: { 'call-reports': 'unsubscribed' },
    })
    const get = async (query: string) =>
      ((await (await api(t, 'GET', `/events?${query}`)).json()) as any).events as any[]

    expect((await get(`contact=${enc('A@example.com')}`)).map((e) => [e.list, e.to])).toEqual([
      ['call-reports', 'unsubscribed'],
      ['call-reports', 'subscribed'],
      ['newsletter', 'subscribed'],
    ])
    expect((await get('list=webinars')).map((e) => e.email)).toEqual(['b@example.com'])
    expect(await get('source=form')).toEqual([])
    expect(await get('source=admin')).toHaveLength(4)
    // Seeded evidence carries an occurred_at of 2026-11-01; the later unsubscribe happened "now".
    expect((await get(`from=${middle}`)).map((e) => e.to)).toEqual(['unsubscribed'])
    expect(await get('to=2026-10-31T00:00:00Z')).toEqual([])
    expect(await get(`contact=${enc('nobody@example.com')}`)).toEqual([])
    const event = (await get('list=webinars'))[0]
    expect(Object.keys(event).sort()).toEqual(
      [
        'consent_text',
        'consent_version',
        'contact_id',
        'detail',
        'email',
        'from',
        'id',
        'ip',
        'legal_basis',
        'list',
        'occurred_at',
        'recorded_at',
        'source',
        'to',
        'user_agent',
      ].sort(),
    )
  })

  it('refuses bad filters with 400', async () => {
    t = await createTestApp()
    for (const query of [
      'limit=0',
      'limit=501',
      'limit=abc',
      'from=someday',
      'cursor=%%%',
      'cursor=abc',
      'source=nope',
      'contact=not-an-address',
      // Both: the one would silently win over the other (a parity review).
      'contact=ada%40example.com&contact_id=zzz',
    ]) {
      const res = await api(t, 'GET', `/events?${query}`)
      expect(res.status, query).toBe(400)
    }
  })
})

describe('GET /api/v1/stats', () => {
  it('counts statuses per list and daily joins and leaves for 90 days', async () => {
    t = await createTestApp()
    const consent = { source: 'crm', text: 'ok' }
    await api(t, 'PUT', `/contacts/${enc('a@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent,
    })
    await api(t, 'PUT', `/contacts/${enc('b@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent,
    })
    t.clock.advance(86_400_000)
    await api(t, 'PUT', `/contacts/${enc('b@example.com')}`, {
      subscriptions: { newsletter: 'unsubscribed' },
    })
    await api(t, 'PUT', `/contacts/${enc('c@example.com')}`, {
      subscriptions: { webinars: 'subscribed' },
      confirm: true,
    })
    const res = await api(t, 'GET', '/stats')
    expect(res.status).toBe(200)
    const body = (await res.json()) as any
    const newsletter = body.lists.find((l: any) => l.id === 'newsletter')
    expect(newsletter.counts).toEqual({ pending: 0, subscribed: 1, unsubscribed: 1 })
    expect(newsletter.daily).toHaveLength(90)
    expect(newsletter.daily.at(-1)).toEqual({ date: '2026-11-23', joins: 0, leaves: 1 })
    expect(newsletter.daily.at(-2)).toEqual({ date: '2026-11-22', joins: 2, leaves: 0 })
    expect(body.lists.find((l: any) => l.id === 'webinars').counts).toEqual({
      pending: 1,
      subscribed: 0,
      unsubscribed: 0,
    })
  })
})
