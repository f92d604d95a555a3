import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { lockContact } from '../../src/db/locks.js'
import { migrate } from '../../src/db/migrate.js'
import { recordChanges } from '../../src/domain/subscription/record-changes.js'
import { openDatabase, type OpenDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import { createScratchDatabase, postgresAvailable, type ScratchDatabase } from './pg-support.js'

const available = await postgresAvailable()

describe.skipIf(!available)('concurrent edits of one contact on PostgreSQL', () => {
  let scratch: ScratchDatabase
  const instances: OpenDatabase[] = []
  const deps = {
    now: () => Date.UTC(2026, 10, 22),
    config: loadConfig({ SIGNING_KEYS: 'k1:0123456789abcdef0123456789abcdef' }),
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    for (let i = 0; i < 2; i++) instances.push(await openDatabase(scratch.url))
    await migrate(instances[0]!.db, await readMigrations())
  })

  afterAll(async () => {
    for (const instance of instances) await instance.close()
    await scratch?.drop()
  })

  async function newContact(id: string) {
    const db = instances[0]!.db
    await db
      .insertInto('contacts')
      .values({
        id,
        email: `${id}@example.com`,
        status: 'active',
        restricted: 0,
        complained: 0,
        created_at: 1,
        updated_at: 1,
      })
      .execute()
    return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  }

  it('never fails nor loses a change when two instances subscribe the same contact at once', async () => {
    const contact = await newContact('c-race')
    const lists = await instances[0]!.db
      .selectFrom('lists')
      .selectAll()
      .orderBy('position')
      .execute()
    const newsletter = lists.find((list) => list.id === 'newsletter')!
    const webinars = lists.find((list) => list.id === 'webinars')!
    // 20 rounds of two transactions racing on the same (still missing) subscription rows.
    const results = await Promise.allSettled(
      instances.flatMap((instance, i) =>
        Array.from({ length: 10 }, () =>
          instance.db.transaction().execute(async (trx) => {
            await lockContact(trx, contact.id)
            return recordChanges(
              trx,
              deps,
              contact,
              [
                { list: i === 0 ? newsletter : webinars, to: 'subscribed' },
                { list: newsletter, to: 'subscribed' },
              ],
              { source: 'admin' },
            )
          }),
        ),
      ),
    )
    expect(results.filter((result) => result.status === 'rejected')).toEqual([])
    const subscriptions = await instances[0]!.db
      .selectFrom('subscriptions')
      .select(['list_id', 'status'])
      .where('contact_id', '=', contact.id)
      .orderBy('list_id')
      .execute()
    expect(subscriptions).toEqual([
      { list_id: 'newsletter', status: 'subscribed' },
      { list_id: 'webinars', status: 'subscribed' },
    ])
    // Each real change is in the ledger once: no double insert slipped through.
    const events = await instances[0]!.db
      .selectFrom('consent_events')
      .select(['list_id', 'to_status'])
      .where('contact_id', '=', contact.id)
      .orderBy('list_id')
      .execute()
    expect(events).toEqual([
      { list_id: 'newsletter', to_status: 'subscribed' },
      { list_id: 'webinars', to_status: 'subscribed' },
    ])
  })
})
