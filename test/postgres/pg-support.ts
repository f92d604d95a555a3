import pg from 'pg'
import { randomBytes } from 'node:crypto'

/** The server the PostgreSQL tests use; any database on it works, we create our own. */
export const PG_ADMIN_URL = process.env.PG_TEST_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/**
 * Whether PostgreSQL answers. With `CI` set a missing server is an error (the run must fail);
 * otherwise the caller skips and the reason is printed.
 */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: PG_ADMIN_URL, connectionTimeoutMillis: 3000 })
  try {
    await client.connect()
    await client.query('SELECT 1')
    return true
  } catch (error) {
    if (process.env.CI) throw new Error(`PostgreSQL is required in CI but ${redactUrl(PG_ADMIN_URL)} does not answer: ${(error as Error).message}`)
    console.warn(`Skipping PostgreSQL tests: ${redactUrl(PG_ADMIN_URL)} does not answer (${(error as Error).message}). Set PG_TEST_URL to point elsewhere.`)
    return false
  } finally {
    await client.end().catch(() => undefined)
  }
}

export interface ScratchDatabase {
  url: string
  drop(): Promise<void>
}

/**
 * A fresh database (`prefcenter_test_<random>`, C collation) for one test file, so parallel
 * runs never meet; `drop()` removes it, ending any connection left open.
 */
export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `prefcenter_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`)
  } finally {
    await admin.end()
  }
  const url = new URL(PG_ADMIN_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: PG_ADMIN_URL })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}

function redactUrl(url: string): string {
  const parsed = new URL(url)
  if (parsed.password) parsed.password = '***'
  return parsed.toString()
}
