import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTarget } from './targets.js'
import { ADMIN_TOKEN } from './support.js'
import type { Target } from './contract.suite.js'

/**
 * The admin API and the privacy routes on workerd with D1 (`npm run worker:dev`), over HTTP:
 * D1 turns each transaction into one batch, so these paths must not read their own writes.
 */
describe('admin API and privacy on workerd + D1', () => {
  let t: Target | undefined
  beforeAll(async () => {
    t = await startTarget('workerd-d1')
  }, 240_000)
  afterAll(async () => {
    await t?.stop()
  }, 60_000)

  const admin = (method: string, path: string, body?: unknown) =>
    fetch(`${t!.baseUrl}/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  const enc = encodeURIComponent
  // The server runs on the real clock: consent given yesterday falls inside the 90 days of /stats.
  const yesterday = new Date(Date.now() - 86_400_000).toISOString()
  const consent = { source: 'crm', text: 'Yes please', timestamp: yesterday, ip: '192.0.2.1' }

  it('upserts with evidence and reads the contact, the ledger pages and the stats', async () => {
    const email = `d1-${Date.now()}@example.com`
    const put = await admin('PUT', `/contacts/${enc(email)}`, {
      subscriptions: { newsletter: 'subscribed', 'call-reports': 'subscribed' },
      consent,
      locale: 'fi',
    })
    expect(put.status).toBe(200)
    expect(
      (await admin('PUT', `/contacts/${enc(email)}`, { subscriptions: { webinars: 'subscribed' } }))
        .status,
    ).toBe(422)
    const change = await admin('PUT', `/contacts/${enc(email)}`, {
      subscriptions: { 'call-reports': 'unsubscribed' },
      name: 'Dee',
    })
    const body = (await change.json()) as any
    expect(body).toMatchObject({ email, locale: 'fi', name: 'Dee' })
    expect(body.subscriptions.map((s: any) => `${s.list}:${s.status}`)).toEqual([
      'call-reports:unsubscribed',
      'newsletter:subscribed',
    ])

    const first = (await (
      await admin('GET', `/events?contact=${enc(email)}&limit=2`)
    ).json()) as any
    const second = (await (
      await admin('GET', `/events?contact=${enc(email)}&limit=2&cursor=${first.next_cursor}`)
    ).json()) as any
    expect([...first.events, ...second.events].map((e: any) => e.to)).toEqual([
      'unsubscribed',
      'subscribed',
      'subscribed',
    ])
    const stats = (await (await admin('GET', '/stats')).json()) as any
    expect(
      stats.lists
        .find((l: any) => l.id === 'newsletter')
        .daily.find((d: any) => d.date === yesterday.slice(0, 10))?.joins,
    ).toBeGreaterThanOrEqual(1)
    const links = (await (await admin('POST', `/contacts/${enc(email)}/links`)).json()) as any
    expect(links.headers['technical-advisories']['List-Unsubscribe-Post']).toBeUndefined()
  })

  it('restricts, exports and erases through the preferences link; the address cannot come back', async () => {
    const email = `d1-erase-${Date.now()}@example.com`
    expect(
      (
        await admin('PUT', `/contacts/${enc(email)}`, {
          subscriptions: { newsletter: 'subscribed' },
          consent,
        })
      ).status,
    ).toBe(200)
    const links = (await (await admin('POST', `/contacts/${enc(email)}/links`)).json()) as any
    const prefs = new URL(links.preferences_url).pathname
    const form = (body: string) => ({
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect((await fetch(`${t!.baseUrl}${prefs}/restrict`, form('restricted=1'))).status).toBe(200)
    expect(((await (await admin('GET', `/contacts/${enc(email)}`)).json()) as any).restricted).toBe(
      true,
    )
    // Download and erase first mail a one-hour, single-use link; only that link acts.
    const privacyLink = (text: string, kind: 'export' | 'erase') =>
      new URL(new RegExp(`https?://\\S+/privacy/${kind}/\\S+`).exec(text)![0]).pathname
    expect((await fetch(`${t!.baseUrl}${prefs}/export`, form(''))).status).toBe(202)
    const exportPath = privacyLink((await t!.mail.waitFor(email, 1)).text, 'export')
    const exported = await fetch(`${t!.baseUrl}${exportPath}`, form(''))
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(((await exported.json()) as any).consent_history.length).toBe(2)
    expect((await fetch(`${t!.baseUrl}${exportPath}`, form(''))).status).toBe(410)
    expect((await fetch(`${t!.baseUrl}${prefs}/erase`)).status).toBe(200)
    expect((await fetch(`${t!.baseUrl}${prefs}/erase`, form(''))).status).toBe(202)
    const erasePath = privacyLink((await t!.mail.waitFor(email, 2)).text, 'erase')
    expect((await fetch(`${t!.baseUrl}${erasePath}`)).status).toBe(200)
    expect((await fetch(`${t!.baseUrl}${erasePath}`, form('confirm=yes'))).status).toBe(200)
    expect((await admin('GET', `/contacts/${enc(email)}`)).status).toBe(404)
    const back = await admin('PUT', `/contacts/${enc(email)}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent,
    })
    expect(back.status).toBe(422)
    const events = (await (await admin('GET', '/events?limit=500')).json()) as any
    expect(JSON.stringify(events)).not.toContain(email)
    expect(t!.output()).not.toContain(email)
  })
})
