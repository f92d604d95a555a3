import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, evidence, seedContact } from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

async function expectError(res: Response, status: number, code?: string) {
  expect(res.status).toBe(status)
  const body = (await res.json()) as any
  expect(typeof body.error.message).toBe('string')
  if (code) expect(body.error.code).toBe(code)
  return body
}

const count = async (t: TestApp) => ({
  contacts: (await t.deps.db.selectFrom('contacts').selectAll().execute()).length,
  events: (await t.deps.db.selectFrom('consent_events').selectAll().execute()).length,
  mails: t.mailer.sent.length,
})

describe('admin contacts: bad input', () => {
  it('refuses a consent-based list without evidence (422 consent_required), nothing stored', async () => {
    t = await createTestApp()
    const before = await count(t)
    await expectError(
      await api(t, 'PUT', `/contacts/${enc('a@example.com')}`, {
        subscriptions: { newsletter: 'subscribed' },
      }),
      422,
      'consent_required',
    )
    await expectError(
      await api(t, 'PUT', `/contacts/${enc('a@example.com')}`, {
        subscriptions: { webinars: 'subscribed' },
        consent: { source: 'crm' },
      }),
      422,
      'consent_required',
    )
    expect(await count(t)).toEqual(before)
  })

  it('refuses unknown lists, bad statuses, bad bodies and bad addresses with 4xx, never naming the address', async () => {
    t = await createTestApp()
    const path = `/contacts/${enc('a@example.com')}`
    await expectError(
      await api(t, 'PUT', path, { subscriptions: { nope: 'subscribed' } }),
      400,
      'unknown_list',
    )
    await expectError(await api(t, 'PUT', path, { subscriptions: { newsletter: 'maybe' } }), 400)
    await expectError(
      await api(t, 'PUT', path, {
        subscriptions: { newsletter: 'subscribed' },
        consent: evidence,
        locale: 'xx',
      }),
      400,
    )
    await expectError(await api(t, 'PUT', path, { subscriptions: {}, extra: 1 }), 400)
    await expectError(
      await api(t, 'PUT', path, {
        subscriptions: { newsletter: 'subscribed' },
        consent: { ...evidence, timestamp: 'yesterday' },
      }),
      400,
    )
    await expectError(
      await api(t, 'PUT', path, {
        subscriptions: { newsletter: 'subscribed' },
        consent: { ...evidence, timestamp: '2099-01-01T00:00:00Z' },
      }),
      400,
    )
    const malformed = await t.app.request(`/api/v1${path}`, {
      method: 'PUT',
      headers: {
        authorization: 'Bearer admin-token-for-tests-0123456789',
        'content-type': 'application/json',
      },
      body: '{"subscriptions":',
    })
    await expectError(malformed, 400)
    const notJson = await t.app.request(`/api/v1${path}`, {
      method: 'PUT',
      headers: {
        authorization: 'Bearer admin-token-for-tests-0123456789',
        'content-type': 'text/plain',
      },
      body: 'hello',
    })
    expect(notJson.status).toBeGreaterThanOrEqual(400)
    expect(notJson.status).toBeLessThan(500)
    const bad = await expectError(
      await api(t, 'PUT', `/contacts/${enc('not-an-address')}`, { subscriptions: {} }),
      400,
      'invalid_email',
    )
    expect(JSON.stringify(bad)).not.toContain('not-an-address')
    await expectError(
      await api(t, 'GET', `/contacts/${enc('not-an-address')}`),
      400,
      'invalid_email',
    )
    await expectError(await api(t, 'GET', `/contacts/%E0%A4%A`), 400)
    expect((await count(t)).contacts).toBe(0)
  })

  it('answers 404 for unknown contacts on every contact operation', async () => {
    t = await createTestApp()
    const path = `/contacts/${enc('ghost@example.com')}`
    await expectError(await api(t, 'GET', path), 404, 'not_found')
    await expectError(await api(t, 'DELETE', path), 404, 'not_found')
    await expectError(await api(t, 'POST', `${path}/links`), 404, 'not_found')
    await expectError(await api(t, 'GET', `${path}/export`), 404, 'not_found')
    await expectError(
      await api(t, 'PUT', `${path}/restriction`, { restricted: true }),
      404,
      'not_found',
    )
    await expectError(
      await api(t, 'POST', `${path}/address`, { email: 'x@example.com' }),
      404,
      'not_found',
    )
  })

  it('refuses an invalid new address and a restriction body that is not a boolean', async () => {
    t = await createTestApp()
    await seedContact(t, 'a@example.com')
    await expectError(
      await api(t, 'POST', `/contacts/${enc('a@example.com')}/address`, { email: 'nope' }),
      400,
      'invalid_email',
    )
    await expectError(
      await api(t, 'PUT', `/contacts/${enc('a@example.com')}/restriction`, { restricted: 'yes' }),
      400,
    )
  })
})

describe('admin lists', () => {
  it('creates, changes, archives, and refuses to delete a list with subscribers', async () => {
    t = await createTestApp()
    const created = await api(t, 'POST', '/lists', {
      id: 'product-updates',
      name: 'Product updates',
      legal_basis: 'consent',
      public: true,
    })
    expect(created.status).toBe(201)
    expect(((await created.json()) as any).list).toMatchObject({
      id: 'product-updates',
      public: true,
      double_opt_in: true,
      archived: false,
    })
    await expectError(
      await api(t, 'POST', '/lists', {
        id: 'product-updates',
        name: 'Again',
        legal_basis: 'consent',
      }),
      409,
      'conflict',
    )
    await expectError(
      await api(t, 'POST', '/lists', { id: 'Bad Id', name: 'x', legal_basis: 'consent' }),
      400,
    )
    await expectError(
      await api(t, 'POST', '/lists', { id: 'x', name: 'x', legal_basis: 'whim' }),
      400,
    )
    const patched = await api(t, 'PATCH', '/lists/product-updates', {
      name: 'Updates',
      synced: false,
    })
    expect(((await patched.json()) as any).list).toMatchObject({ name: 'Updates', synced: false })
    await expectError(await api(t, 'PATCH', '/lists/nope', { name: 'x' }), 404)

    await seedContact(t, 'a@example.com', { 'product-updates': 'subscribed' })
    await expectError(await api(t, 'DELETE', '/lists/product-updates'), 409, 'conflict')
    const archived = await api(t, 'POST', '/lists/product-updates/archive')
    expect(((await archived.json()) as any).list.archived).toBe(true)
    const active = (await (await api(t, 'GET', '/lists?archived=false')).json()) as any
    expect(active.lists.map((l: any) => l.id)).not.toContain('product-updates')
    const all = (await (await api(t, 'GET', '/lists')).json()) as any
    expect(all.lists.find((l: any) => l.id === 'product-updates')).toMatchObject({ archived: true })
    // Archived: no new subscriptions, leaving still works.
    const refused = await api(t, 'PUT', `/contacts/${enc('late@example.com')}`, {
      subscriptions: { 'product-updates': 'subscribed' },
      consent: { source: 'x', text: 'y' },
    })
    await expectError(refused, 422)
    expect(
      (
        await api(t, 'PUT', `/contacts/${enc('a@example.com')}`, {
          subscriptions: { 'product-updates': 'unsubscribed' },
        })
      ).status,
    ).toBe(200)

    expect(
      (await api(t, 'POST', '/lists', { id: 'empty', name: 'Empty', legal_basis: 'contract' }))
        .status,
    ).toBe(201)
    expect((await api(t, 'DELETE', '/lists/empty')).status).toBe(204)
    await expectError(await api(t, 'DELETE', '/lists/empty'), 404)
  })
})
