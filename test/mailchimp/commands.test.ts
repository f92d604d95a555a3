import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, TEST_KEYS, type TestApp } from '../support/test-app.js'
import { ROOT } from '../e2e/support.js'
import { makeContact, setLists } from './helpers.js'

const run = promisify(execFile)
let mc: FakeMailchimpServer
let t: TestApp

beforeEach(async () => {
  mc = await startFakeMailchimp()
  // The commands run in another process on the real clock: the rows must be due by it.
  t = await createTestApp(mc.env(), { now: () => Date.now() })
})
afterEach(async () => {
  await t.close()
  await mc.close()
})

/** Runs `npm run <script>`'s entry on the test's SQLite file, as an operator would. */
function command(entry: string, extra: Record<string, string> = {}, args: string[] = []) {
  return run(join(ROOT, 'node_modules/.bin/tsx'), [entry, ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DATABASE_URL: t.deps.config.databaseUrl,
      SIGNING_KEYS: TEST_KEYS,
      LOG_LEVEL: 'error',
      ...extra,
    },
  })
}

describe('npm run sync and npm run reconcile', () => {
  it('sync drains the waiting changes once and prints counts, not addresses', async () => {
    const ada = await makeContact(t, 'ada@example.com')
    await setLists(t, ada, { newsletter: 'subscribed' })
    const { stdout } = await command('src/node/sync-once.ts', mc.env())
    expect(mc.member('ada@example.com')!.status).toBe('subscribed')
    expect(JSON.parse(stdout).pass.sent).toBe(1)
    expect(stdout).not.toContain('@')
  })

  it('reconcile --dry-run prints the drift and changes nothing, here or in Mailchimp', async () => {
    const bo = await makeContact(t, 'bo@example.com')
    await setLists(t, bo, { newsletter: 'subscribed' })
    const cy = await makeContact(t, 'cy@example.com')
    await setLists(t, cy, { webinars: 'subscribed' })
    await command('src/node/sync-once.ts', mc.env())
    mc.member('bo@example.com')!.status = 'unsubscribed'
    mc.audience.members.delete(
      [...mc.audience.members.keys()].find(
        (hash) => mc.audience.members.get(hash)!.email_address === 'cy@example.com',
      )!,
    )
    const writesBefore = mc.log.filter((entry) => entry.method !== 'GET').length
    const rowsBefore = await t.deps.db.selectFrom('outbox').select('id').execute()
    const { stdout } = await command('src/node/reconcile.ts', mc.env(), ['--dry-run'])
    const report = JSON.parse(stdout)
    expect(report.dryRun).toBe(true)
    expect(report.appliedFromMailchimp).toEqual([
      { contactId: bo.id, mailchimpStatus: 'unsubscribed', lists: ['newsletter'], cleaned: false },
    ])
    expect(report.pushed).toEqual([{ contactId: cy.id, reason: 'missing_in_mailchimp' }])
    expect(stdout).not.toContain('@')
    // Nothing changed: Prefcenter's row, the outbox, and Mailchimp (no write reached it).
    const row = await t.deps.db
      .selectFrom('subscriptions')
      .select('status')
      .where('contact_id', '=', bo.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('subscribed')
    expect(await t.deps.db.selectFrom('outbox').select('id').execute()).toEqual(rowsBefore)
    expect(mc.log.filter((entry) => entry.method !== 'GET')).toHaveLength(writesBefore)
    expect(mc.member('cy@example.com')).toBeUndefined()
  })

  it('reconcile applies an opt-out recorded only in Mailchimp and reports it by contact id', async () => {
    const bo = await makeContact(t, 'bo@example.com')
    await setLists(t, bo, { newsletter: 'subscribed' })
    await command('src/node/sync-once.ts', mc.env())
    mc.member('bo@example.com')!.status = 'unsubscribed'
    const { stdout } = await command('src/node/reconcile.ts', mc.env())
    expect(stdout).toContain(bo.id)
    expect(stdout).not.toContain('@')
    const row = await t.deps.db
      .selectFrom('subscriptions')
      .select('status')
      .where('contact_id', '=', bo.id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('unsubscribed')
  })

  it('refuses clearly when Mailchimp is not configured', async () => {
    await expect(command('src/node/sync-once.ts')).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining('Mailchimp sync is disabled'),
    })
  })
})
