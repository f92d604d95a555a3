import pg from 'pg'
import { randomBytes } from 'node:crypto'

/**
 * Where the PostgreSQL tests connect to create their own databases: PG_TEST_URL, or the first
 * of the usual local trust-auth set-ups that answers (user postgres or root, database test or
 * postgres, on 127.0.0.1:5432).
 */
const candidates = process.env.PG_TEST_URL
  ? [process.env.PG_TEST_URL]
  : ['postgres', 'root', process.env.USER]
      .filter(Boolean)
      .flatMap((user) =>
        ['test', 'postgres'].map((db) => `postgres://${user}@127.0.0.1:5432/${db}`),
      )

export let PG_ADMIN_URL = candidates[0]!

/**
 * Whether PostgreSQL answers. With `CI` set a missing server is an error (the run must fail);
 * otherwise the caller skips and the reason is printed.
 */
export async function postgresAvailable(): Promise<boolean> {
  let lastError = ''
  for (const url of candidates) {
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 })
    try {
      await client.connect()
      await client.query('SELECT 1')
      PG_ADMIN_URL = url
      return true
    } catch (error) {
      lastError = (error as Error).message
    } finally {
      await client.end().catch(() => undefined)
    }
  }
  const tried = candidates.map(redactUrl).join(', ')
  if (process.env.CI)
    throw new Error(`PostgreSQL is required in CI but none of ${tried} answers: ${lastError}`)
  console.warn(
    `Skipping PostgreSQL tests: none of ${tried} answers (${lastError}). Set PG_TEST_URL to point elsewhere.`,
  )
  return false
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
    await admin.query(
      `CREATE DATABASE ${name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
    )
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
