import { createApiKey } from '../../src/domain/admin/api-keys.js'
import { ADMIN_TOKEN, type TestApp } from '../support/test-app.js'

/** A JSON request to the admin API with the given credential (ADMIN_TOKEN by default). */
export function api(
  t: TestApp,
  method: string,
  path: string,
  body?: unknown,
  token: string | null = ADMIN_TOKEN,
) {
  const headers: Record<string, string> = {}
  if (token !== null) headers.authorization = `Bearer ${token}`
  if (body !== undefined) headers['content-type'] = 'application/json'
  return t.app.request(`/api/v1${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  })
}

export const enc = (email: string) => encodeURIComponent(email)

export async function readKey(t: TestApp): Promise<string> {
  return (await createApiKey(t.deps, { name: 'reader', scope: 'read' })).key
}

export async function writeKey(t: TestApp): Promise<string> {
  return (await createApiKey(t.deps, { name: 'writer', scope: 'write' })).key
}

export const evidence = {
  source: 'crm-form',
  text: 'Yes, send me the newsletter.',
  timestamp: '2026-11-01T10:00:00Z',
  ip: '203.0.113.7',
}

/** Subscribes an address through the admin API with consent evidence. */
export async function seedContact(
  t: TestApp,
  email: string,
  subscriptions: Record<string, string> = { newsletter: 'subscribed' },
) {
  const res = await api(t, 'PUT', `/contacts/${enc(email)}`, { subscriptions, consent: evidence })
  if (res.status !== 200) throw new Error(`seed failed: ${res.status} ${await res.text()}`)
  return res.json() as Promise<{ id: string; email: string }>
}
