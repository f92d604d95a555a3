import type { OpenDatabase } from './database.js'

/** PostgreSQL support arrives with the "runs everywhere" issue. */
export async function openPostgres(_url: string): Promise<OpenDatabase> {
  throw new Error('PostgreSQL is not supported yet')
}
