import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { ipLimitKey } from '../../src/domain/limits/ip-prefix.js'
import { subscribeJson } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

/** A sign-up as if from a socket at `socket`, with the given X-Forwarded-For. */
function signUp(email: string, socket: string, forwarded?: string) {
  return t.app.request(
    '/subscribe',
    {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/json',
        ...(forwarded ? { 'x-forwarded-for': forwarded } : {}),
      },
      body: JSON.stringify({ email, lists: ['newsletter'] }),
    },
    { incoming: { socket: { remoteAddress: socket } } },
  )
}

async function ledgerIp(): Promise<string | null> {
  const row = await t.deps.db
    .selectFrom('consent_events')
    .select('ip')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow()
  return row.ip
}

describe('issue 11 item 3: the client address behind proxies', () => {
  it('TRUST_PROXY=1 takes the last X-Forwarded-For entry, not the one the client wrote', async () => {
    t = await createTestApp({ TRUST_PROXY: '1' })
    await signUp('a@example.com', '10.0.0.2', '6.6.6.6, 203.0.113.9')
    expect(await ledgerIp()).toBe('203.0.113.9')
  })

  it('TRUST_PROXY=2 takes the second entry from the right', async () => {
    t = await createTestApp({ TRUST_PROXY: '2' })
    await signUp('a@example.com', '10.0.0.2', '6.6.6.6, 203.0.113.9, 10.0.0.1')
    expect(await ledgerIp()).toBe('203.0.113.9')
  })

  it('without TRUST_PROXY (or 0/false) the header is ignored and the socket address counts', async () => {
    for (const value of [undefined, '0', 'false']) {
      t = await createTestApp(value === undefined ? {} : { TRUST_PROXY: value })
      await signUp('a@example.com', '198.51.100.4', '6.6.6.6')
      expect(await ledgerIp()).toBe('198.51.100.4')
      await t.close()
    }
    t = await createTestApp()
  })

  it('a forged leftmost entry does not escape the per-IP limit', async () => {
    t = await createTestApp({ TRUST_PROXY: '1', SIGNUP_LIMIT_PER_IP: '2' })
    for (let i = 0; i < 4; i++)
      await signUp(`p${i}@example.com`, '10.0.0.2', `192.0.2.${i}, 203.0.113.9`)
    // Two mails went out; the others were held by the limit on 203.0.113.9.
    expect(t.mailer.sent).toHaveLength(2)
  })

  it('a proxy that writes the port (ip:port, [ipv6]:port): the address counts without it (a review)', async () => {
    t = await createTestApp({ TRUST_PROXY: '1', SIGNUP_LIMIT_PER_IP: '2' })
    for (let i = 1; i <= 4; i++)
      await signUp(`q${i}@example.com`, '10.0.0.2', `198.51.100.6:4000${i}`)
    expect(t.mailer.sent).toHaveLength(2)
    expect(await ledgerIp()).toBe('198.51.100.6')
    for (let i = 1; i <= 4; i++)
      await signUp(`r${i}@example.com`, '10.0.0.2', `[2001:db8:5:6::${i}]:4000${i}`)
    expect(t.mailer.sent).toHaveLength(4)
    expect(await ledgerIp()).toBe('2001:db8:5:6::2')
  })

  it('IPv6 addresses count per /64: rotating the interface id does not escape the limit', async () => {
    t = await createTestApp({ SIGNUP_LIMIT_PER_IP: '2' })
    for (let i = 1; i <= 4; i++)
      await signUp(`v${i}@example.com`, `2001:db8:1:2::${i.toString(16)}`)
    expect(t.mailer.sent).toHaveLength(2)
    await signUp('other@example.com', '2001:db8:1:3::1')
    expect(t.mailer.sent).toHaveLength(3)
  })

  it('keys IPv6 on its /64 in every spelling, IPv4 and mapped IPv4 whole', () => {
    expect(ipLimitKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64')
    expect(ipLimitKey('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64')
    expect(ipLimitKey('[2001:db8::1]')).toBe('2001:db8:0:0::/64')
    expect(ipLimitKey('::1')).toBe('0:0:0:0::/64')
    expect(ipLimitKey('203.0.113.7')).toBe('203.0.113.7')
    expect(ipLimitKey('::ffff:203.0.113.7')).toBe('203.0.113.7')
  })

  it('on Workers (D1) CF-Connecting-IP names the client, whatever X-Forwarded-For says', async () => {
    t = await createTestApp({}, { dbKind: 'd1' })
    await t.app.request('/subscribe', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'cf-connecting-ip': '203.0.113.50',
        'x-forwarded-for': '6.6.6.6',
      },
      body: JSON.stringify({ email: 'cf@example.com', lists: ['newsletter'] }),
    })
    expect(await ledgerIp()).toBe('203.0.113.50')
  })

  it('on Workers (D1) a CF-Connecting-IP that is no address is not stored as one', async () => {
    t = await createTestApp({}, { dbKind: 'd1' })
    await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'cf-connecting-ip': 'not-an-ip' },
      body: JSON.stringify({ email: 'cf-bad@example.com', lists: ['newsletter'] }),
    })
    expect(await ledgerIp()).toBeNull()
  })

  it('refuses a TRUST_PROXY that is not a number of hops', () => {
    expect(() => loadConfig({ TRUST_PROXY: 'yes please' })).toThrow(/TRUST_PROXY/)
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(1)
    expect(loadConfig({ TRUST_PROXY: '3' }).trustProxy).toBe(3)
  })

  it('the JSON answer stays the same whatever the limits did', async () => {
    t = await createTestApp({ SIGNUP_LIMIT_PER_IP: '1' })
    const first = await subscribeJson(t, { email: 'x@example.com', lists: ['newsletter'] })
    const second = await subscribeJson(t, { email: 'y@example.com', lists: ['newsletter'] })
    expect([first.status, second.status]).toEqual([202, 202])
  })
})
