import { afterEach, describe, expect, it } from 'vitest'
import { openApiDocument } from '../../src/routes/admin/index.js'
import { createApiKey, revokeApiKey } from '../../src/domain/admin/api-keys.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, readKey, seedContact, writeKey } from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

/** Every operation of the document, with sample path values filled in. */
function operations() {
  const doc = openApiDocument() as unknown as { paths: Record<string, Record<string, unknown>> }
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.keys(methods).map((method) => ({
      method: method.toUpperCase(),
      path: path.replace('{email}', enc('sec@example.com')).replace('{id}', 'newsletter'),
    })),
  )
}

// Minting links is a write: a link acts for the person (issue 11, item 1).
const readOnly = (op: { method: string; path: string }) => op.method === 'GET'

describe('admin API security', () => {
  it('documents a good number of operations', () => {
    expect(operations().length).toBeGreaterThanOrEqual(14)
  })

  it('answers 401 on every operation without a credential, with a wrong one, or a malformed header', async () => {
    t = await createTestApp()
    await seedContact(t, 'sec@example.com')
    for (const op of operations()) {
      for (const header of [
        undefined,
        'Bearer wrong-token-wrong-token',
        'Basic abc',
        'Bearer',
        `Bearer ${'x'.repeat(5000)}`,
        'Bearer \u00e9\u00e9',
      ]) {
        const res = await t.app.request(`/api/v1${op.path}`, {
          method: op.method,
          headers: {
            'content-type': 'application/json',
            ...(header ? { authorization: header } : {}),
          },
          ...(op.method === 'GET' || op.method === 'DELETE' ? {} : { body: '{}' }),
        })
        expect(res.status, `${op.method} ${op.path} ${header}`).toBe(401)
        expect(((await res.json()) as any).error.code).toBe('unauthorized')
      }
    }
    // Nothing changed: the contact and its one subscription are still there.
    expect(await t.deps.db.selectFrom('subscriptions').selectAll().execute()).toHaveLength(1)
  })

  it('answers 403 for a read-only key on every write operation, and nothing changes', async () => {
    t = await createTestApp()
    await seedContact(t, 'sec@example.com')
    const key = await readKey(t)
    for (const op of operations().filter((op) => !readOnly(op))) {
      const res = await api(
        t,
        op.method,
        op.path,
        op.method === 'DELETE' ? undefined : { restricted: true },
        key,
      )
      expect(res.status, `${op.method} ${op.path}`).toBe(403)
    }
    for (const op of operations().filter(readOnly)) {
      const res = await api(t, op.method, op.path, undefined, key)
      expect(res.status, `${op.method} ${op.path}`).toBe(200)
    }
    const contact = await t.deps.db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow()
    expect(contact.restricted).toBe(0)
  })

  it('opens write operations to a write key and closes them after revocation', async () => {
    t = await createTestApp()
    const created = await createApiKey(t.deps, { name: 'crm', scope: 'write' })
    expect(created.key).toMatch(/^pck_/)
    const stored = await t.deps.db.selectFrom('api_keys').selectAll().executeTakeFirstOrThrow()
    expect(stored.key_hash).not.toContain(created.key)
    expect(stored.key_hash).toMatch(/^[0-9a-f]{64}$/)
    const ok = await api(
      t,
      'PUT',
      `/contacts/${enc('w@example.com')}`,
      { subscriptions: { 'call-reports': 'subscribed' } },
      created.key,
    )
    expect(ok.status).toBe(200)
    await revokeApiKey(t.deps, created.id)
    expect((await api(t, 'GET', '/lists', undefined, created.key)).status).toBe(401)
  })

  it('keeps the API closed without ADMIN_TOKEN, but API keys still work', async () => {
    t = await createTestApp({ ADMIN_TOKEN: '' })
    expect((await api(t, 'GET', '/lists')).status).toBe(401)
    expect((await api(t, 'GET', '/lists', undefined, '')).status).toBe(401)
    expect((await api(t, 'GET', '/lists', undefined, await writeKey(t))).status).toBe(200)
  })

  it('serves the OpenAPI document and the reference page without credentials and without scripts', async () => {
    t = await createTestApp()
    const doc = await t.app.request('/api/v1/openapi.json')
    expect(doc.status).toBe(200)
    const body = (await doc.json()) as any
    expect(body.openapi).toBe('3.1.0')
    expect(Object.keys(body.paths)).toContain('/contacts/{email}')
    const page = await t.app.request('/api/docs')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('PUT /api/v1/contacts/{email}')
    expect(html).toContain('GET /api/v1/events')
    expect(html).not.toMatch(/<script/i)
  })
})
