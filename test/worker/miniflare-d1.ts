import { Kysely } from 'kysely'
import { Miniflare } from 'miniflare'
import { D1Dialect, type D1DialectConfig } from '../../src/db/d1-dialect.js'
import type { D1Database } from '../../src/db/d1-types.js'
import type { Database } from '../../src/db/schema.js'

/**
 * A local D1 database (Miniflare runs workerd's own D1) behind the D1 dialect the Worker uses:
 * a transaction's reads run at once, its writes go as one batch at commit.
 *
 * @example const { db, dispose } = await miniflareD1(); ...; await dispose()
 */
export async function miniflareD1(
  options: Omit<D1DialectConfig, 'database'> = {},
): Promise<{ db: Kysely<Database>; database: D1Database; dispose: () => Promise<void> }> {
  const mf = new Miniflare({ modules: true, script: 'export default {}', d1Databases: ['DB'] })
  const database = (await mf.getD1Database('DB')) as unknown as D1Database
  const db = new Kysely<Database>({ dialect: new D1Dialect({ ...options, database }) })
  return { db, database, dispose: () => mf.dispose() }
}
