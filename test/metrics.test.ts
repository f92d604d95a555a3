import { afterEach, describe, expect, it } from 'vitest'
import { drainMailchimp } from '../src/mailchimp/sync-drain.js'
import { MetricsRegistry } from '../src/metrics/registry.js'
import { readKey } from './admin/helpers.js'
import { makeContact, setLists } from './mailchimp/helpers.js'
import { startFakeMailchimp, type FakeMailchimpServer } from './support/fake-mailchimp.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from './support/test-app.js'

let t: TestApp | undefined
let mc: FakeMailchimpServer | undefined
afterEach(async () => {
  await t?.close()
  await mc?.close()
  t = undefined
  mc = undefined
})

const scrape = (app: TestApp, token: string | null) =>
  app.app.request('/metrics', token ? { headers: { authorization: `Bearer ${token}` } } : {})

/** The value of one sample line, e.g. `name{labels}`, or undefined. */
function sample(body: string, series: string): number | undefined {
  const line = body.split('\n').find((text) => text.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('GET /metrics', () => {
  it('answers 401 without a credential or with a wrong one', async () => {
    t = await createTestApp()
    expect((await scrape(t, null)).status).toBe(401)
    expect((await scrape(t, 'wrong-token-0123456789')).status).toBe(401)
    const res = await t.app.request('/metrics', { headers: { authorization: 'Basic abc' } })
    expect(res.status).toBe(401)
    // A scraper sends Accept: */*; it gets the error in JSON, not a page.
    const scraper = await t.app.request('/metrics', { headers: { accept: '*/*' } })
    expect(scraper.headers.get('content-type')).toMatch(/^application\/json/)
    expect(((await scraper.json()) as any).error.code).toBe('unauthorized')
  })

  it('serves the Prometheus text format to a read key: requests by route and status, latency histograms, mails', async () => {
    t = await createTestApp()
    const subscribe = await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'metrics-reader@example.com', lists: ['newsletter'] }),
    })
    expect(subscribe.status).toBe(202)
    const token = t.mailer.sent[0]!.text.match(/\/confirm\/([\w.-]+)/)![1]!
    expect((await t.app.request(`/confirm/${token}`)).status).toBe(200)

    expect((await t.app.request('/no-such-page/ada@example.com')).status).toBe(404)

    const res = await scrape(t, await readKey(t))
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    const body = await res.text()
    expect(body).toContain('# TYPE prefcenter_http_requests_total counter')
    expect(
      sample(body, 'prefcenter_http_requests_total{route="/subscribe",method="POST",status="202"}'),
    ).toBe(1)
    expect(
      sample(
        body,
        'prefcenter_http_requests_total{route="/confirm/:token",method="GET",status="200"}',
      ),
    ).toBe(1)
    expect(body).toContain('# TYPE prefcenter_http_request_duration_seconds histogram')
    expect(
      sample(
        body,
        'prefcenter_http_request_duration_seconds_count{route="/subscribe",method="POST"}',
      ),
    ).toBe(1)
    expect(
      sample(
        body,
        'prefcenter_http_request_duration_seconds_bucket{route="/subscribe",method="POST",le="+Inf"}',
      ),
    ).toBe(1)
    expect(
      sample(body, 'prefcenter_http_requests_total{route="unmatched",method="GET",status="404"}'),
    ).toBe(1)
    expect(sample(body, 'prefcenter_mails_total{outcome="sent"}')).toBe(1)
    expect(sample(body, 'prefcenter_outbox_depth{topic="mailchimp"}')).toBe(0)
    // Never a token or an address: routes are patterns.
    expect(body).not.toContain(token)
    expect(body).not.toContain('metrics-reader')
    expect(body).not.toContain('ada@example.com')
  })

  it('shows the outbox depth and age per topic, and Mailchimp calls by outcome', async () => {
    mc = await startFakeMailchimp()
    t = await createTestApp(mc.env())
    const ada = await makeContact(t, 'ada@example.com')
    await setLists(t, ada, { newsletter: 'subscribed' })
    t.clock.advance(90_000)
    const waiting = await (await scrape(t, ADMIN_TOKEN)).text()
    expect(sample(waiting, 'prefcenter_outbox_depth{topic="mailchimp"}')).toBe(1)
    expect(sample(waiting, 'prefcenter_outbox_oldest_age_seconds{topic="mailchimp"}')).toBe(90)

    await drainMailchimp(t.deps)
    const after = await (await scrape(t, ADMIN_TOKEN)).text()
    expect(sample(after, 'prefcenter_outbox_depth{topic="mailchimp"}')).toBe(0)
    expect(
      sample(after, 'prefcenter_mailchimp_calls_total{operation="putMember",outcome="ok"}'),
    ).toBe(1)
    expect(sample(after, 'prefcenter_mailchimp_last_success_timestamp_seconds')).toBeGreaterThan(0)
  })

  it('counts a Mailchimp call that fails as outcome="error"', async () => {
    mc = await startFakeMailchimp()
    t = await createTestApp(mc.env())
    const bo = await makeContact(t, 'bo@example.com')
    await setLists(t, bo, { newsletter: 'subscribed' })
    // Provisioning first (categories, interests, merge fields), then fail the member call.
    await drainMailchimp(t.deps)
    await setLists(t, bo, { webinars: 'subscribed' })
    mc.failNext(1, 503)
    await drainMailchimp(t.deps)
    const body = await (await scrape(t, ADMIN_TOKEN)).text()
    expect(
      sample(body, 'prefcenter_mailchimp_calls_total{operation="putMember",outcome="error"}'),
    ).toBe(1)
    expect(
      sample(body, 'prefcenter_mailchimp_calls_total{operation="putMember",outcome="ok"}'),
    ).toBe(1)
  })

  it('keeps one registry per app: two apps in one process count apart', async () => {
    t = await createTestApp()
    const other = await createTestApp({}, { metrics: new MetricsRegistry() })
    try {
      await t.app.request('/healthz')
      await t.app.request('/healthz')
      await other.app.request('/healthz')
      const series = 'prefcenter_http_requests_total{route="/healthz",method="GET",status="200"}'
      expect(sample(await (await scrape(t, ADMIN_TOKEN)).text(), series)).toBe(2)
      expect(sample(await (await scrape(other, ADMIN_TOKEN)).text(), series)).toBe(1)
    } finally {
      await other.close()
    }
  })
})
