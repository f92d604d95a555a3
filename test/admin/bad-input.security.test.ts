import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'
import { enc, seedContact } from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

const bodies: (string | undefined)[] = [
  undefined,
  '',
  'null',
  '[]',
  '"text"',
  '{"subscriptions":null}',
  '{"subscriptions":[]}',
  '{"subscriptions":{"newsletter":"subscribed"},"consent":"yes"}',
  '{"subscriptions":{"newsletter":"subscribed"},"consent":{"source":1,"text":[]}}',
  `{"subscriptions":{"${'x'.repeat(500)}":"subscribed"}}`,
  '{"subscriptions":{"__proto__":"subscribed"}}',
  '{"subscriptions":{"constructor":"subscribed"}}',
  '{"restricted":null}',
  '{"email":null}',
  '{"email":"a@b"}',
  '{"name":"x","legal_basis":"consent","id":"../../etc"}',
  '{"confirm":"yes","subscriptions":{}}',
  '\u0000\u0001',
  '{"a":'.repeat(5000),
]

const paths = [
  ['PUT', `/contacts/${enc('fuzz@example.com')}`],
  ['PUT', `/contacts/${enc('new@example.com')}`],
  ['POST', `/contacts/${enc('fuzz@example.com')}/address`],
  ['PUT', `/contacts/${enc('fuzz@example.com')}/restriction`],
  ['POST', '/lists'],
  ['PATCH', '/lists/newsletter'],
  ['PUT', `/contacts/${'%E0%A4%A'}`],
  ['PUT', `/contacts/${enc(`${'a'.repeat(300)}@example.com`)}`],
  ['PUT', `/contacts/${enc('nul\u0000@example.com')}`],
  ['GET', `/contacts/${enc('<script>@example.com')}`],
  ['GET', '/events?from=1e999&to=-1&limit=1.5'],
  ['GET', `/events?cursor=${'A'.repeat(300)}`],
  ['GET', `/events?list=${'x'.repeat(100)}`],
] as const

describe('admin API never answers 5xx to what a client sends', () => {
  it('answers 4xx (or 2xx) with the JSON envelope for malformed bodies, paths and queries', async () => {
    t = await createTestApp()
    await seedContact(t, 'fuzz@example.com')
    for (const [method, path] of paths) {
      for (const body of method === 'GET' ? [undefined] : bodies) {
        for (const type of ['application/json', 'text/plain', undefined]) {
          const res = await t.app.request(`/api/v1${path}`, {
            method,
            headers: {
              authorization: `Bearer ${ADMIN_TOKEN}`,
              ...(type ? { 'content-type': type } : {}),
            },
            ...(body === undefined ? {} : { body }),
          })
          expect(res.status, `${method} ${path} ${type} ${body?.slice(0, 40)}`).toBeLessThan(500)
          if (res.status >= 400) {
            const json = (await res.json()) as any
            expect(typeof json.error.code).toBe('string')
            expect(json.error.message).not.toContain('fuzz@example.com')
          }
        }
      }
    }
    const contact = await t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('email', '=', 'fuzz@example.com')
      .executeTakeFirstOrThrow()
    expect(contact.restricted).toBe(0)
  })
})

describe('text that cannot be shown back, and reserved list ids (an attacker review)', () => {
  const call = (method: string, path: string, body: unknown) =>
    t.app.request(`/api/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })

  it('refuses control characters and bidirectional overrides in names, and ids like constructor', async () => {
    t = await createTestApp()
    await seedContact(t, 'named@example.com')
    for (const name of ['a\u0000b', '\u202eevil', 'x\u2066y'])
      expect((await call('PATCH', '/lists/newsletter', { name })).status, name).toBe(400)
    expect((await call('PATCH', '/lists/newsletter', { description: 'a\u0007b' })).status).toBe(400)
    const put = await call('PUT', `/contacts/${enc('named@example.com')}`, {
      subscriptions: {},
      name: 'Frank\u0000Secret',
    })
    expect(put.status).toBe(400)
    for (const id of ['constructor', 'prototype'])
      expect(
        (await call('POST', '/lists', { id, name: 'Odd', legal_basis: 'consent' })).status,
        id,
      ).toBe(400)
    const lists = await t.deps.db.selectFrom('lists').select(['id', 'name']).execute()
    expect(lists.map((list) => list.id).sort()).toEqual([
      'call-reports',
      'newsletter',
      'technical-advisories',
      'webinars',
    ])
    expect(lists.find((list) => list.id === 'newsletter')!.name).toBe('Newsletter')
    for (const name of ['a\u0085b', 'a\u2028b'])
      expect((await call('PATCH', '/lists/newsletter', { name })).status, name).toBe(400)
    // Plain names still go through, and a description may run over lines.
    expect((await call('PATCH', '/lists/newsletter', { name: 'Monthly letter' })).status).toBe(200)
    const lines = { description: 'Once a month.\nNews and dates.' }
    expect((await call('PATCH', '/lists/newsletter', lines)).status).toBe(200)
  })
})
