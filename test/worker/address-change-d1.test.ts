import { afterEach, describe, expect, it } from 'vitest'
import { miniflareD1 } from './miniflare-d1.js'
import { migrate } from '../../src/db/migrate.js'
import { readMigrations } from '../../src/node/migrations.js'
import { linkFor, textOf } from '../pages/support.js'
import { postForm, subscribeAndConfirm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp | undefined
let dispose: (() => Promise<void>) | undefined
afterEach(async () => {
  await t?.close()
  await dispose?.()
})

/** The app on a local D1 database (Miniflare), through the same D1 dialect the Worker uses. */
async function d1App(readsAfterWrites: string[]): Promise<TestApp> {
  const opened = await miniflareD1({ onReadAfterWrite: (sql) => readsAfterWrites.push(sql) })
  dispose = opened.dispose
  const db = opened.db
  await migrate(db, await readMigrations())
  return createTestApp({}, { db, dbKind: 'd1' })
}

const addressLink = (text: string) =>
  /http:\/\/prefcenter\.test(\/address\/[A-Za-z0-9_-]+)/.exec(text)![1]!

describe("the person's own address change on D1", () => {
  it('approved, then confirmed: the address changes, reads before writes (a review found it silently did not)', async () => {
    const readsAfterWrites: string[] = []
    t = await d1App(readsAfterWrites)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    const asked = await postForm(t, prefs, [
      ['action', 'change_email'],
      ['new_email', 'ada@new.example'],
    ])
    expect(asked.status).toBe(202)
    const approval = addressLink(t.mailer.to('ada@example.com').at(-1)!.text)
    expect((await t.app.request(approval, { method: 'POST' })).status).toBe(200)
    const confirm = addressLink(t.mailer.to('ada@new.example').at(-1)!.text)
    // The change's own transaction: reads first, then writes (what came before is not its own).
    readsAfterWrites.length = 0
    const done = await t.app.request(confirm, { method: 'POST' })
    expect(done.status).toBe(200)
    expect(textOf(await done.text())).toContain('Our emails now go to ada@new.example')
    const contact = await t.deps.db
      .selectFrom('contacts')
      .select(['email', 'address_version'])
      .executeTakeFirstOrThrow()
    expect(contact).toMatchObject({ email: 'ada@new.example', address_version: 1 })
    expect(readsAfterWrites).toEqual([])
    expect(t.mailer.to('ada@example.com').at(-1)!.subject).toBe('Your email address was changed')
    // A second press says it is done and changes nothing more.
    const again = await t.app.request(confirm, { method: 'POST' })
    expect(textOf(await again.text())).toContain('already done')
  })
})
