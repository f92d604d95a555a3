import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { seedContact } from '../admin/helpers.js'
import {
  createScratchDatabase,
  postgresAvailable,
  type ScratchDatabase,
} from '../postgres/pg-support.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'
import { ConsoleBrowser } from './helpers.js'

const available = await postgresAvailable()

/** The console's queries on PostgreSQL, where BIGINTs come back as strings and counts as bigints. */
describe.skipIf(!available)('the console and /metrics on PostgreSQL', () => {
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

  it('signs in, expires idle sessions, shows the dashboard, finds a contact, imports, and serves metrics', async () => {
    const contact = await seedContact(t, 'pg-console@example.com')
    const browser = new ConsoleBrowser(t)
    expect((await browser.signIn()).status).toBe(303)
    const dashboard = await (await browser.get('/admin')).text()
    expect(dashboard).toContain('2026-11-01</th><td class="num">1</td>')

    const found = await browser.submit('/admin/contacts', '/admin/contacts/find', {
      email: 'pg-console@example.com',
    })
    expect(found.headers.get('location')).toBe(`/admin/contacts/${contact.id}`)

    await browser.get('/admin/import')
    const form = new FormData()
    form.set('csrf', browser.csrf())
    form.set(
      'file',
      new File(['email,list,status\npg-import@example.com,call-reports,subscribed\n'], 'a.csv'),
    )
    const checked = await browser.post('/admin/import', form)
    expect(checked.status).toBe(303)
    await browser.submit(
      checked.headers.get('location')!,
      `${checked.headers.get('location')}/apply`,
    )
    expect(
      await t.deps.db
        .selectFrom('contacts')
        .select('email')
        .where('email', '=', 'pg-import@example.com')
        .execute(),
    ).toHaveLength(1)

    const csv = await browser.get('/admin/ledger.csv?list=call-reports')
    expect(await csv.text()).toContain('call-reports')

    const metrics = await t.app.request('/metrics', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(await metrics.text()).toContain('prefcenter_outbox_depth{topic="mailchimp"} 0')

    t.clock.advance(31 * 60_000)
    expect((await browser.get('/admin/lists')).status).toBe(303)
  })
})
