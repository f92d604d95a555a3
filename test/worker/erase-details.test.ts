import type { Kysely } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { miniflareD1 } from './miniflare-d1.js'
import { loadConfig } from '../../src/config.js'
import { migrate } from '../../src/db/migrate.js'
import type { Database } from '../../src/db/schema.js'
import { eraseContact } from '../../src/domain/privacy/erase.js'
import { openDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import { appendEvent } from '../../src/repos/consent-events.js'

const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

const engines: Record<string, () => Promise<Kysely<Database>>> = {
  sqlite: async () => {
    const opened = await openDatabase('sqlite::memory:')
    cleanups.push(opened.close)
    return opened.db
  },
  // Miniflare's D1 is workerd's: a transaction's reads do not see its queued writes.
  d1: async () => {
    const { db, dispose } = await miniflareD1()
    cleanups.push(dispose)
    return db
  },
}

describe.each(Object.keys(engines))('erasure of ledger details on %s', (engine) => {
  it('leaves no address in a detail that also holds free text (both rewrites of one row land)', async () => {
    const db = await engines[engine]!()
    await migrate(db, await readMigrations())
    const deps = {
      db,
      now: () => Date.UTC(2026, 11, 7),
      config: loadConfig({ SIGNING_KEYS: 'k1:0123456789abcdef0123456789abcdef' }),
    }
    const contact = {
      id: 'c-erase',
      email: 'ada@example.com',
      status: 'active' as const,
      restricted: 0 as const,
      complained: 0 as const,
      created_at: 1,
      updated_at: 1,
    }
    await db.insertInto('contacts').values(contact).execute()
    const event = (id: string, to: string, detail: object) =>
      appendEvent(db, {
        id,
        contact_id: contact.id,
        email: contact.email,
        list_id: 'newsletter',
        from_status: null,
        to_status: to,
        source: 'admin',
        legal_basis: null,
        ip: '192.0.2.1',
        user_agent: 'test',
        consent_text: null,
        consent_version: null,
        detail: JSON.stringify(detail),
        occurred_at: 1,
        recorded_at: 1,
      })
    // Evidence whose source names a colleague, beside a field naming the person's old address.
    await event('e1', 'subscribed', {
      consent_source: 'bob@crm.example',
      previous: 'old@example.com',
    })
    await event('e2', 'leave_reason', { reason: 'other', text: 'Ada here', lists: ['newsletter'] })
    await event('e3', 'profile', { merges: { EMAIL: 'older@example.com' } })
    const stored = await db.selectFrom('contacts').selectAll().executeTakeFirstOrThrow()
    await eraseContact(deps, stored, { source: 'admin' })
    const details = await db
      .selectFrom('consent_events')
      .select(['id', 'detail'])
      .where('id', 'in', ['e1', 'e2', 'e3'])
      .orderBy('id')
      .execute()
    for (const row of details) expect(row.detail).not.toContain('@')
    expect(JSON.parse(details[0]!.detail!)).not.toHaveProperty('consent_source')
    expect(JSON.parse(details[1]!.detail!)).toEqual({ reason: 'other', lists: ['newsletter'] })
    expect(details[2]!.detail).toContain('EMAIL')
  })
})
