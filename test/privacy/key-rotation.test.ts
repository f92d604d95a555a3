import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { api, enc, evidence, seedContact } from '../admin/helpers.js'
import { createTestApp, TEST_KEYS, type TestApp } from '../support/test-app.js'

let t: TestApp | undefined
let dir: string | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

const NEW_KEY = 'k2:test-secret-two-0123456789abcdefghijklmnop'
const EMAIL = 'erased@example.com'

/** Erases EMAIL under the test key (k1) in a file database, then reopens it with `env`. */
async function erasedThenReopened(env: Record<string, string>) {
  dir = mkdtempSync(join(tmpdir(), 'prefcenter-rotation-'))
  const database = { DATABASE_URL: `sqlite:${join(dir, 'p.db')}` }
  t = await createTestApp(database)
  await seedContact(t, EMAIL, { newsletter: 'subscribed' })
  await seedContact(t, 'kept@example.com', { newsletter: 'subscribed' })
  const link = (await (
    await api(t, 'POST', `/contacts/${enc('kept@example.com')}/links`)
  ).json()) as {
    preferences_url: string
  }
  expect((await api(t, 'DELETE', `/contacts/${enc(EMAIL)}`)).status).toBe(200)
  await t.close()
  t = await createTestApp({ ...database, ...env })
  return new URL(link.preferences_url).pathname
}

const upsert = () =>
  api(t!, 'PUT', `/contacts/${enc(EMAIL)}`, {
    subscriptions: { newsletter: 'subscribed' },
    consent: evidence,
  })

describe('erasures across a key rotation (found by an attacker review)', () => {
  it('a retired key (RETIRED_SIGNING_KEYS) verifies no link but keeps the address suppressed', async () => {
    const old = await erasedThenReopened({ SIGNING_KEYS: NEW_KEY, RETIRED_SIGNING_KEYS: TEST_KEYS })
    expect((await upsert()).status).toBe(422)
    // A link signed with the retired key is refused like a forged one.
    expect((await t!.app.request(old)).status).toBe(400)
  })

  it('dropping the old key altogether forgets those erasures (why RETIRED_SIGNING_KEYS exists)', async () => {
    await erasedThenReopened({ SIGNING_KEYS: NEW_KEY })
    expect((await upsert()).status).toBe(200)
  })

  it('refuses a key both in use and retired', () => {
    expect(() => loadConfig({ SIGNING_KEYS: TEST_KEYS, RETIRED_SIGNING_KEYS: TEST_KEYS })).toThrow(
      /RETIRED_SIGNING_KEYS.*k1/,
    )
  })
})
