import { sql } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import { createLogger, redact } from '../../src/logger.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, seedContact } from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

describe('admin API logs', () => {
  it('never logs the address of a contact path when something fails on our side', async () => {
    const lines: string[] = []
    t = await createTestApp({}, { logger: createLogger('debug', (line) => lines.push(line)) })
    await seedContact(t, 'logged@example.com')
    // An outage: the ledger table is gone.
    await sql`DROP TABLE consent_events`.execute(t.deps.db)
    const res = await api(t, 'GET', `/contacts/${enc('logged@example.com')}`)
    expect(res.status).toBe(500)
    expect(JSON.stringify(await res.json())).not.toContain('logged')
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.join('\n')).toContain('/api/v1/contacts/:email')
    expect(lines.join('\n')).not.toMatch(/logged(%40|@)example/)
  })

  it("masks every address RFC 5322 allows, the apostrophe too (o'brien@…, a review)", () => {
    expect(redact("sent to o'brien@example.com, a&b@example.com and {x}|y@example.org")).toBe(
      'sent to [email], [email] and [email]',
    )
  })
})
