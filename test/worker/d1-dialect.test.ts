import { Kysely } from 'kysely'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { D1Dialect, inlineParameters } from '../../src/db/d1-dialect.js'
import type { D1Database } from '../../src/db/d1-types.js'
import { migrate } from '../../src/db/migrate.js'
import type { Database } from '../../src/db/schema.js'
import { readMigrations } from '../../src/node/migrations.js'
import { hit } from '../../src/repos/rate-limits.js'

// A real local D1 (miniflare, the simulator behind `wrangler dev`), driven from Node.
let mf: Miniflare
let db: Kysely<Database>
const warnings: string[] = []

beforeAll(async () => {
  mf = new Miniflare({
    modules: true,
    script: 'export default { fetch() { return new Response(null) } }',
    d1Databases: ['DB'],
  })
  const d1 = (await mf.getD1Database('DB')) as unknown as D1Database
  db = new Kysely<Database>({
    dialect: new D1Dialect({ database: d1, onReadAfterWrite: (sql) => warnings.push(sql) }),
  })
})

afterAll(async () => {
  await mf?.dispose()
})

const list = (id: string) => ({
  id,
  name: id,
  description: 'd',
  legal_basis: 'consent' as const,
  public: 1 as const,
  double_opt_in: 1 as const,
  cancels_account: 0 as const,
  synced: 1 as const,
  archived: 0 as const,
  position: 9,
  created_at: 1,
  updated_at: 1,
})

describe('Kysely on D1', () => {
  it('applies the same migration files through the dialect', async () => {
    const files = await readMigrations()
    expect(await migrate(db, files)).toEqual(files.map((file) => file.name))
    const lists = await db.selectFrom('lists').select('id').orderBy('position').execute()
    expect(lists.map((row) => row.id)).toEqual([
      'newsletter',
      'technical-advisories',
      'call-reports',
      'webinars',
    ])
    expect(await migrate(db, await readMigrations())).toEqual([])
  })

  it('commits a transaction as one batch: all its writes land together', async () => {
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('lists').select('id').where('id', '=', 'tx-a').execute()
      expect(before).toEqual([])
      await trx.insertInto('lists').values(list('tx-a')).execute()
      await trx.insertInto('lists').values(list('tx-b')).execute()
    })
    const rows = await db
      .selectFrom('lists')
      .select('id')
      .where('id', 'in', ['tx-a', 'tx-b'])
      .orderBy('id')
      .execute()
    expect(rows).toEqual([{ id: 'tx-a' }, { id: 'tx-b' }])
  })

  it('applies nothing when one statement of the batch fails', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('lists').values(list('tx-c')).execute()
        await trx.insertInto('lists').values(list('tx-a')).execute() // duplicate key
      }),
    ).rejects.toThrow(/UNIQUE/i)
    expect(await db.selectFrom('lists').select('id').where('id', '=', 'tx-c').execute()).toEqual([])
  })

  it('discards queued writes on rollback', async () => {
    await expect(
      db.transaction().execute(async (trx) => {
        await trx.insertInto('lists').values(list('tx-d')).execute()
        throw new Error('changed my mind')
      }),
    ).rejects.toThrow('changed my mind')
    expect(await db.selectFrom('lists').select('id').where('id', '=', 'tx-d').execute()).toEqual([])
  })

  it('runs RETURNING outside a transaction (the shared rate-limit counter)', async () => {
    const now = Date.UTC(2026, 10, 22)
    expect(await hit(db, 'ip:1', 60_000, now)).toBe(1)
    expect(await hit(db, 'ip:1', 60_000, now)).toBe(2)
  })

  it('refuses RETURNING inside a transaction and warns about reads after writes', async () => {
    await expect(
      db
        .transaction()
        .execute((trx) =>
          trx
            .insertInto('settings')
            .values({ key: 'k', value: 'v', updated_at: 1 })
            .returning('key')
            .execute(),
        ),
    ).rejects.toThrow(/RETURNING/)
    warnings.length = 0
    await db.transaction().execute(async (trx) => {
      await trx.insertInto('settings').values({ key: 'k2', value: 'v', updated_at: 1 }).execute()
      await trx.selectFrom('settings').selectAll().execute()
    })
    expect(warnings).toHaveLength(1)
    expect(await db.selectFrom('settings').select('key').execute()).toEqual([{ key: 'k2' }])
  })

  it('reports affected rows outside transactions', async () => {
    const result = await db
      .updateTable('lists')
      .set({ archived: 1 })
      .where('id', 'in', ['tx-a', 'tx-b'])
      .executeTakeFirst()
    expect(result.numUpdatedRows).toBe(2n)
  })

  it("handles statements with more than D1's 100 bound parameters (long IN lists)", async () => {
    const keys = Array.from({ length: 250 }, (_, i) => `bulk-${i}`)
    const odd = ["it's", 'what?', '-- not a comment', '"quoted"', 'nul\u0000byte', 'zażółć']
    await db.transaction().execute(async (trx) => {
      for (const key of [...keys, ...odd])
        await trx.insertInto('settings').values({ key, value: key, updated_at: 1 }).execute()
    })
    const all = [...keys, ...odd]
    const found = await db
      .selectFrom('settings')
      .select(['key', 'value'])
      .where('key', 'in', all)
      .execute()
    expect(found).toHaveLength(all.length)
    expect(
      found
        .filter((row) => odd.includes(row.key))
        .map((row) => row.value)
        .sort(),
    ).toEqual([...odd].sort())
    await db
      .transaction()
      .execute((trx) =>
        trx.updateTable('settings').set({ updated_at: 2 }).where('key', 'in', all).execute(),
      )
    const updated = await db
      .updateTable('settings')
      .set({ updated_at: 3 })
      .where('key', 'in', all)
      .executeTakeFirst()
    expect(updated.numUpdatedRows).toBe(BigInt(all.length))
  })
})

describe('inlineParameters', () => {
  it('replaces placeholders outside quotes and comments with safe literals', () => {
    expect(
      inlineParameters(
        `select '?', "a?" from t -- ?\nwhere a = ? and b in (?, ?) /* ? */ and c = ?`,
        ["x'); drop table t; --", 1.5, null, new Uint8Array([1, 255])],
      ),
    ).toBe(
      `select '?', "a?" from t -- ?\nwhere a = 'x''); drop table t; --' and b in (1.5, NULL) /* ? */ and c = X'01ff'`,
    )
    expect(() => inlineParameters('select ?', [])).toThrow()
    expect(() => inlineParameters('select 1', [1])).toThrow()
  })
})
