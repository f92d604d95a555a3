import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { openDatabase } from '../../src/node/database.js'
import { describeStartupError } from '../../src/node/startup-error.js'

// Start-up failures an operator review still saw as stack traces, each produced for real here
// and named in one line.

let dir: string | undefined
afterEach(() => dir && rmSync(dir, { recursive: true, force: true }))

async function failureOf(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work()
  } catch (error) {
    return error
  }
  throw new Error('it did not fail')
}

describe('describeStartupError', () => {
  it('names a HOST that cannot be resolved as HOST, not as the database host', async () => {
    const error = await failureOf(
      () =>
        new Promise((resolve, reject) => {
          const server = createServer()
          server.once('error', reject)
          server.listen(0, 'no-such-host.invalid', () => resolve(server.close()))
        }),
    )
    const line = describeStartupError(error, {
      port: 0,
      host: 'no-such-host.invalid',
      databaseUrl: 'postgres://127.0.0.1:5432/test',
    })
    expect(line).toMatch(/^HOST no-such-host\.invalid cannot be resolved \((ENOTFOUND|EAI_AGAIN)\)/)
  })

  it('names an SQLite file that is not a database, and a folder given as the file', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-start-'))
    const notDb = join(dir, 'notes.txt')
    writeFileSync(notDb, 'this is not a database, it is a text file long enough to be read as one')
    const notADatabase = await failureOf(() => openDatabase(`sqlite:${notDb}`))
    expect(describeStartupError(notADatabase, { databaseUrl: `sqlite:${notDb}` })).toMatch(
      /is not an SQLite database \(SQLITE_NOTADB\)/,
    )
    const folder = await failureOf(async () => new Database(dir!))
    expect(describeStartupError(folder, { databaseUrl: `sqlite:${dir}` })).toMatch(
      /cannot be opened \(SQLITE_CANTOPEN\)/,
    )
  })
})
