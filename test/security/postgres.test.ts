import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { api, enc, seedContact } from '../admin/helpers.js'
import {
  createScratchDatabase,
  postgresAvailable,
  type ScratchDatabase,
} from '../postgres/pg-support.js'
import { postForm, subscribeJson } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

const available = await postgresAvailable()

/** The hardening paths on PostgreSQL: address binding, single-use links, equal-cost writes. */
describe.skipIf(!available)('hardening on PostgreSQL', () => {
  let scratch: ScratchDatabase
  let t: TestApp

  beforeAll(async () => {
    scratch = await createScratchDatabase()
    t = await createTestApp({ DATABASE_URL: scratch.url })
  })
  afterAll(async () => {
    await t?.close()
    await scratch?.drop()
  })

  it('an address change voids older links; a privacy link works once; re-subscribing is harmless', async () => {
    await seedContact(t, 'pg.old@example.com')
    const links = (await (
      await api(t, 'POST', `/contacts/${enc('pg.old@example.com')}/links`)
    ).json()) as any
    const prefs = new URL(links.preferences_url).pathname
    expect((await t.app.request(prefs)).status).toBe(200)
    const moved = await api(t, 'POST', `/contacts/${enc('pg.old@example.com')}/address`, {
      email: 'pg.new@example.com',
    })
    expect(moved.status).toBe(200)
    expect((await t.app.request(prefs)).status).toBe(410)

    const fresh = (await (
      await api(t, 'POST', `/contacts/${enc('pg.new@example.com')}/links`)
    ).json()) as any
    const freshPrefs = new URL(fresh.preferences_url).pathname
    expect((await postForm(t, `${freshPrefs}/export`, [])).status).toBe(202)
    const mail = t.mailer.to('pg.new@example.com').at(-1)!
    const path = /http:\/\/prefcenter\.test(\/privacy\/export\/\S+)/.exec(mail.text)![1]!
    expect((await t.app.request(path, { method: 'POST' })).status).toBe(200)
    expect((await t.app.request(path, { method: 'POST' })).status).toBe(410)

    const again = await subscribeJson(t, { email: 'pg.new@example.com', lists: ['newsletter'] })
    expect(again.status).toBe(202)
    const row = await t.deps.db
      .selectFrom('subscriptions')
      .select('status')
      .where('list_id', '=', 'newsletter')
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('subscribed')
  })
})
