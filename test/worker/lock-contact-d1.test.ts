import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { miniflareD1 } from './miniflare-d1.js'
import { loadConfig } from '../../src/config.js'
import { lockContact, lockContacts } from '../../src/db/locks.js'
import { migrate } from '../../src/db/migrate.js'
import type { ContactRow, Database, ListRow } from '../../src/db/schema.js'
import { inTransaction, recordChanges } from '../../src/domain/subscription/record-changes.js'
import { readMigrations } from '../../src/node/migrations.js'
import { newContactRow, updateContact } from '../../src/repos/contacts.js'

/**
 * D1 cannot lock: two transactions on one contact both read before either commits. lockContact's
 * guard (migration 0110) makes the later batch roll back and inTransaction run it again, so it
 * reads what the first committed. Interleaved here by hand, on Miniflare's D1 (workerd's own).
 */
describe('lockContact on D1', () => {
  let dispose: () => Promise<void>
  let db: Kysely<Database>
  let deps: Parameters<typeof recordChanges>[1] & { db: Kysely<Database> }
  let newsletter: ListRow

  beforeAll(async () => {
    ;({ db, dispose } = await miniflareD1())
    await migrate(db, await readMigrations())
    deps = {
      db,
      now: () => Date.UTC(2026, 11, 7),
      config: loadConfig({ SIGNING_KEYS: 'k1:0123456789abcdef0123456789abcdef' }),
    }
    newsletter = await db
      .selectFrom('lists')
      .selectAll()
      .where('id', '=', 'newsletter')
      .executeTakeFirstOrThrow()
  })
  afterAll(async () => {
    await dispose?.()
  })

  async function subscribedContact(id: string): Promise<ContactRow> {
    await db
      .insertInto('contacts')
      .values({ ...newContactRow(`${id}@example.com`, 1), id })
      .execute()
    const contact = await db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    await inTransaction(deps, (trx) =>
      recordChanges(trx, deps, contact, [{ list: newsletter, to: 'subscribed' }], {
        source: 'admin',
      }),
    )
    return contact
  }

  const ledger = (contactId: string) =>
    db
      .selectFrom('consent_events')
      .select(['from_status', 'to_status'])
      .where('contact_id', '=', contactId)
      .orderBy('id')
      .execute()

  it('runs the later of two racing transactions again, which then records nothing', async () => {
    const contact = await subscribedContact('c-race')
    const leave = [{ list: newsletter, to: 'unsubscribed' as const }]
    let runs = 0
    let readsDone!: () => void
    const afterReads = new Promise<void>((resolve) => {
      readsDone = resolve
    })
    let release!: () => void
    const gate = new Promise<void>((resolve) => {
      release = resolve
    })
    const first = inTransaction(deps, async (trx) => {
      runs += 1
      const applied = await recordChanges(trx, deps, contact, leave, { source: 'preferences' })
      if (runs === 1) {
        readsDone()
        await gate
      }
      return applied
    })
    await afterReads
    // The other request runs whole while the first holds its reads, not yet committed.
    const second = await inTransaction(deps, (trx) =>
      recordChanges(trx, deps, contact, leave, { source: 'one_click' }),
    )
    release()
    expect(second.map((change) => change.to)).toEqual(['unsubscribed'])
    expect(await first).toEqual([])
    expect(runs).toBe(2)
    expect(await ledger(contact.id)).toEqual([
      { from_status: null, to_status: 'subscribed' },
      { from_status: 'subscribed', to_status: 'unsubscribed' },
    ])
    const guards = await db
      .selectFrom('write_guards' as never)
      .selectAll()
      .execute()
    expect(guards).toEqual([])
  })

  it('guards several contacts with one statement: a change to any of them runs it again', async () => {
    const a = await subscribedContact('c-many-a')
    const b = await subscribedContact('c-many-b')
    let runs = 0
    await inTransaction(deps, async (trx) => {
      runs += 1
      await lockContacts(trx, [b.id, a.id])
      // The first run: another writer changes one of the two before the batch lands.
      if (runs === 1)
        await db
          .updateTable('contacts')
          .set((eb) => ({ version: eb('version', '+', 1) }))
          .where('id', '=', b.id)
          .execute()
      await recordChanges(trx, deps, a, [{ list: newsletter, to: 'unsubscribed' }], {
        source: 'admin',
      })
    })
    expect(runs).toBe(2)
    expect((await ledger(a.id)).map((event) => event.to_status)).toEqual([
      'subscribed',
      'unsubscribed',
    ])
    // A contact that is gone (erased meanwhile) is not_found: nothing is written for it.
    const gone = inTransaction(deps, async (trx) => {
      await lockContacts(trx, [a.id, 'c-not-there'])
      await recordChanges(trx, deps, a, [{ list: newsletter, to: 'subscribed' }], {
        source: 'admin',
      })
    })
    await expect(gone).rejects.toMatchObject({ code: 'not_found' })
    expect(await ledger(a.id)).toHaveLength(2)
  })

  it('guards a contact once per transaction, however often it is locked', async () => {
    const contact = await subscribedContact('c-twice')
    const before = await db
      .selectFrom('contacts')
      .select('version')
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow()
    let runs = 0
    await inTransaction(deps, async (trx) => {
      runs += 1
      await lockContact(trx, contact.id)
      await lockContact(trx, contact.id)
      await recordChanges(trx, deps, contact, [{ list: newsletter, to: 'unsubscribed' }], {
        source: 'admin',
      })
    })
    expect(runs).toBe(1)
    const after = await db
      .selectFrom('contacts')
      .select('version')
      .where('id', '=', contact.id)
      .executeTakeFirstOrThrow()
    expect(after.version).toBe(before.version + 1)
  })

  it('gives up with a conflict when the contact keeps changing', async () => {
    const contact = await subscribedContact('c-busy')
    let runs = 0
    const attempt = inTransaction(deps, async (trx) => {
      runs += 1
      await lockContact(trx, contact.id)
      // Another writer commits between every run's reads and its batch.
      await db
        .updateTable('contacts')
        .set((eb) => ({ version: eb('version', '+', 1) }))
        .where('id', '=', contact.id)
        .execute()
      await recordChanges(trx, deps, contact, [{ list: newsletter, to: 'unsubscribed' }], {
        source: 'admin',
      })
    })
    await expect(attempt).rejects.toMatchObject({ code: 'conflict' })
    expect(runs).toBe(20)
    expect((await ledger(contact.id)).map((event) => event.to_status)).toEqual(['subscribed'])
  })

  it("checks the version read, not the transaction's own earlier write of the contact", async () => {
    const contact = await subscribedContact('c-own-write')
    let runs = 0
    await inTransaction(deps, async (trx) => {
      runs += 1
      await updateContact(trx, contact.id, { name: 'Ada', updated_at: 2 })
      await recordChanges(trx, deps, contact, [{ list: newsletter, to: 'unsubscribed' }], {
        source: 'admin',
      })
    })
    expect(runs).toBe(1)
    expect((await ledger(contact.id)).map((event) => event.to_status)).toEqual([
      'subscribed',
      'unsubscribed',
    ])
  })
})
