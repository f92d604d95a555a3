import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { api, enc, seedContact } from '../admin/helpers.js'
import { linkFor } from '../pages/support.js'
import { postForm, subscribeAndConfirm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { ConsoleBrowser } from './helpers.js'

let t: TestApp
let browser: ConsoleBrowser
beforeEach(async () => {
  t = await createTestApp()
  browser = new ConsoleBrowser(t)
  expect((await browser.signIn()).status).toBe(303)
})
afterEach(async () => {
  await t.close()
})

const list = (id: string) =>
  t.deps.db.selectFrom('lists').selectAll().where('id', '=', id).executeTakeFirst()

describe('dashboard', () => {
  it('shows statuses per list, an SVG chart with a data table per list, opt-out sources and sync health', async () => {
    const contact = await seedContact(t, 'dash@example.com', { newsletter: 'subscribed' })
    await api(t, 'PUT', `/contacts/${enc('dash@example.com')}`, {
      subscriptions: { newsletter: 'unsubscribed' },
    })
    const html = await (await browser.get('/admin')).text()
    expect(html).toContain('<h1>Dashboard</h1>')
    expect(html).toMatch(/<svg[^>]*role="img"/)
    expect(html).toContain('<title id="chart-newsletter-title">Newsletter: 1 joins and 1 leaves')
    expect(html).toContain('Data table for Newsletter')
    // The join counts on the day of the consent evidence (1 November), the leave on the day it happened.
    expect(html).toContain('2026-11-01</th><td class="num">1</td><td class="num">0</td>')
    expect(html).toContain('2026-11-22</th><td class="num">0</td><td class="num">1</td>')
    expect(html).toContain('Opt-out sources')
    expect(html).toContain('Mailchimp sync is not configured.')
    expect(contact.id).toBeTruthy()
  })
})

describe('dashboard reasons (a browser review: they never showed)', () => {
  it('counts the reasons people gave on the unsubscribed page, in words', async () => {
    await subscribeAndConfirm(t, 'why@example.com', ['newsletter'])
    const path = await linkFor(t, 'why@example.com', 'unsubscribe', ['newsletter'])
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    expect((await postForm(t, `${path}/reason`, [['reason', 'too_many']])).status).toBe(200)
    const html = await (await browser.get('/admin')).text()
    expect(html).not.toContain('Nobody gave a reason')
    expect(html).toMatch(/Too many emails<\/th><td class="num">1<\/td>/)
    // Newer leaves without a reason (every link leave notes its kind) do not push it out.
    const id = (await t.deps.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow()).id
    const rows = Array.from({ length: 1100 }, (_, i) => ({
      // Sorting after every id the service makes, as newer events do.
      id: `zz${String(i).padStart(6, '0')}`,
      contact_id: id,
      list_id: 'newsletter',
      from_status: 'subscribed' as const,
      to_status: 'unsubscribed' as const,
      source: 'one_click' as const,
      legal_basis: 'consent' as const,
      occurred_at: t.clock.now + i,
      recorded_at: t.clock.now + i,
      detail: '{"link":"list"}',
    }))
    for (let i = 0; i < rows.length; i += 100)
      await t.deps.db
        .insertInto('consent_events')
        .values(rows.slice(i, i + 100))
        .execute()
    const later = await (await browser.get('/admin')).text()
    expect(later).toMatch(/Too many emails<\/th><td class="num">1<\/td>/)
  })
})

describe('dashboard sync health', () => {
  it('counts failed Mailchimp changes by reason', async () => {
    const failed = (id: string, error: string) => ({
      id,
      topic: 'mailchimp',
      contact_id: null,
      payload: '{}',
      created_at: 1,
      available_at: 1,
      attempts: 3,
      last_error: error,
      failed_at: 2,
    })
    await t.deps.db
      .insertInto('outbox')
      .values([
        failed('f1', '400 Invalid Resource: merge fields were invalid'),
        failed('f2', '400 Invalid Resource: another detail'),
        failed('f3', '404 Resource Not Found: gone'),
      ])
      .execute()
    const html = await (await browser.get('/admin')).text()
    expect(html).toContain('<caption>Failures by reason</caption>')
    expect(html).toContain('<th scope="row">400 Invalid Resource</th><td class="num">2</td>')
    expect(html).toContain('<th scope="row">404 Resource Not Found</th><td class="num">1</td>')
  })
})

describe('lists', () => {
  it('creates, edits, reorders and archives a list; a list with subscribers cannot be deleted', async () => {
    expect(
      (
        await browser.submit('/admin/lists', '/admin/lists', {
          id: 'product-news',
          name: 'Product news',
          description: 'What is new',
          legal_basis: 'consent',
          public: '1',
          double_opt_in: '1',
          synced: '1',
        })
      ).status,
    ).toBe(303)
    expect(await list('product-news')).toMatchObject({
      name: 'Product news',
      public: 1,
      cancels_account: 0,
      position: 5,
    })
    const listed = await api(t, 'GET', '/lists')
    expect(JSON.stringify(await listed.json())).toContain('product-news')

    await browser.submit('/admin/lists/product-news', '/admin/lists/product-news', {
      name: 'Product updates',
      description: 'New',
      legal_basis: 'consent',
    })
    expect(await list('product-news')).toMatchObject({ name: 'Product updates', public: 0 })

    await browser.submit('/admin/lists', '/admin/lists/product-news/move', { direction: 'up' })
    expect((await list('product-news'))!.position).toBe(4)
    expect((await list('webinars'))!.position).toBe(5)

    await browser.submit('/admin/lists', '/admin/lists/product-news/archive', { archived: '1' })
    expect((await list('product-news'))!.archived).toBe(1)

    await seedContact(t, 'member@example.com', { newsletter: 'subscribed' })
    const refused = await browser.submit('/admin/lists', '/admin/lists/newsletter/delete')
    expect(refused.status).toBe(409)
    const refusedHtml = await refused.text()
    expect(refusedHtml).toContain('archive it instead')
    // The lists page again with the problem on top, not a dead-end error page (a browser review).
    expect(refusedHtml).toMatch(/role="alert"[^>]*>[^<]*archive it instead/)
    expect(refusedHtml).toContain('action="/admin/lists/product-news/archive"')
    expect(await list('newsletter')).toBeDefined()
    // Deleting asks once more: the first press only shows what it does.
    const asked = await browser.submit('/admin/lists', '/admin/lists/product-news/delete')
    expect(asked.status).toBe(200)
    expect(await asked.text()).toContain('name="confirm" value="yes"')
    expect(await list('product-news')).toBeDefined()
    expect(
      (
        await browser.submit('/admin/lists', '/admin/lists/product-news/delete', {
          confirm: 'yes',
        })
      ).status,
    ).toBe(303)
    expect(await list('product-news')).toBeUndefined()
  })

  it('refuses a bad list form with 400 and stores nothing, showing the form again as typed', async () => {
    const res = await browser.submit('/admin/lists', '/admin/lists', {
      id: 'Bad Id!',
      name: 'Typed name',
      description: 'Typed <description>',
      legal_basis: 'contract',
      public: '1',
    })
    expect(res.status).toBe(400)
    expect(await t.deps.db.selectFrom('lists').selectAll().execute()).toHaveLength(4)
    const html = await res.text()
    expect(html).toContain('<p class="warning" role="alert" id="list-problem">id: ')
    expect(html).toMatch(/id="list-id"[^>]*value="Bad Id!"[^>]*aria-invalid="true"/)
    expect(html).toContain('aria-describedby="list-problem list-id-hint"')
    expect(html).toMatch(/id="list-name"[^>]*value="Typed name"/)
    expect(html).toContain('>Typed &lt;description&gt;</textarea>')
    expect(html).toContain('<option value="contract" selected="">contract</option>')
    expect(html).toMatch(/id="list-public" name="public" value="1" checked=""/)
    expect(html).not.toMatch(/id="list-synced"[^>]*checked/)

    // A taken id: 409, the same form again.
    const taken = await browser.submit('/admin/lists', '/admin/lists', {
      id: 'newsletter',
      name: 'Another',
      legal_basis: 'consent',
    })
    expect(taken.status).toBe(409)
    expect(await taken.text()).toMatch(/id="list-id"[^>]*value="newsletter"/)
    expect((await list('newsletter'))!.name).not.toBe('Another')
  })

  it('a refused edit shows the list form again as typed, and the list is unchanged', async () => {
    const before = await list('webinars')
    const res = await browser.submit('/admin/lists/webinars', '/admin/lists/webinars', {
      name: '',
      description: 'Kept text',
      legal_basis: 'consent',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain('role="alert" id="list-problem">name: ')
    expect(html).toMatch(/id="list-name"[^>]*value=""[^>]*aria-invalid="true"/)
    expect(html).toContain('>Kept text</textarea>')
    expect(html).not.toContain('id="list-id"')
    expect(await list('webinars')).toEqual(before)
  })
})

describe('contacts', () => {
  it('finds a contact by its exact address only, never by prefix, and keeps the address out of the URL', async () => {
    const contact = await seedContact(t, 'exact.person@example.com')
    const prefix = await browser.submit('/admin/contacts', '/admin/contacts/find', {
      email: 'exact.person@example.co',
    })
    expect(prefix.status).toBe(404)
    expect(await prefix.text()).not.toContain('exact.person@example.com')
    const found = await browser.submit('/admin/contacts', '/admin/contacts/find', {
      email: ' Exact.Person@Example.com ',
    })
    expect(found.status).toBe(303)
    expect(found.headers.get('location')).toBe(`/admin/contacts/${contact.id}`)
    const page = await (await browser.get(found.headers.get('location')!)).text()
    expect(page).toContain('exact.person@example.com')
    expect(page).toContain('crm-form')
    expect(page).toContain('Yes, send me the newsletter.')
    expect(page).toContain('203.0.113.7')
  })

  it('downloads the export, sends a link, restricts, changes the address and erases after typed confirmation', async () => {
    const contact = await seedContact(t, 'act@example.com')
    const base = `/admin/contacts/${contact.id}`
    const exported = await browser.submit(base, `${base}/export`)
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-disposition')).toMatch(/^attachment; filename="/)
    expect(JSON.stringify(await exported.json())).toContain('act@example.com')

    expect((await browser.submit(base, `${base}/send-link`)).headers.get('location')).toBe(
      `${base}?done=link`,
    )
    expect(t.mailer.to('act@example.com').at(-1)!.text).toMatch(/\/preferences\//)

    await browser.submit(base, `${base}/restriction`, { restricted: '1' })
    expect(
      (await t.deps.db.selectFrom('contacts').select('restricted').executeTakeFirst())!.restricted,
    ).toBe(1)

    await browser.submit(base, `${base}/address`, { email: 'moved@example.com' })
    expect((await t.deps.db.selectFrom('contacts').select('email').executeTakeFirst())!.email).toBe(
      'moved@example.com',
    )

    const mismatch = await browser.submit(base, `${base}/erase`, {
      confirm_email: 'act@example.com',
    })
    expect(mismatch.status).toBe(400)
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(1)
    const erased = await browser.submit(base, `${base}/erase`, {
      confirm_email: 'moved@example.com',
    })
    expect(erased.status).toBe(303)
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(0)
    expect((await api(t, 'GET', `/contacts/${enc('moved@example.com')}`)).status).toBe(404)

    const audit = await t.deps.db
      .selectFrom('admin_audit')
      .select(['actor', 'action'])
      .orderBy('id')
      .execute()
    expect(audit.map((row) => row.action)).toEqual([
      // The seeding through the admin API is audited too.
      'api PUT /api/v1/contacts/:email',
      'contact.export',
      'contact.send_link',
      'contact.restrict',
      'contact.change_address',
      'contact.erase',
    ])
    expect(audit.every((row) => row.actor === 'admin-token')).toBe(true)
    expect(JSON.stringify(audit)).not.toContain('@')
  })
})

describe('contact address change (a browser review: a bad address was a dead end)', () => {
  it('comes back to the contact page with the problem on the field, as typed, changing nothing', async () => {
    const contact = await seedContact(t, 'stays@example.com', { newsletter: 'subscribed' })
    const base = `/admin/contacts/${contact.id}`
    const res = await browser.submit(base, `${base}/address`, { email: 'not an address' })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/id="new-address-error"[^>]*>Enter a valid email address\./)
    expect(html).toMatch(
      /<input id="new-address"[^>]*value="not an address"[^>]*aria-invalid="true"/,
    )
    expect(html).toContain('Erase')
    expect((await api(t, 'GET', `/contacts/${enc('stays@example.com')}`)).status).toBe(200)
    // An address another contact holds: the same page, with the refusal in words.
    await seedContact(t, 'taken@example.com', { newsletter: 'subscribed' })
    const taken = await browser.submit(base, `${base}/address`, { email: 'taken@example.com' })
    expect(taken.status).toBe(409)
    expect(await taken.text()).toMatch(/id="new-address-error"/)
  })
})

describe('ledger filter (a known gap: a bad filter was a generic error page)', () => {
  it('a date that is not one comes back as the ledger page, the problem on its field', async () => {
    const res = await browser.get('/admin/ledger?from=2026-13-45&source=form')
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/role="alert" id="filter-problem">from: /)
    expect(html).toMatch(/<input id="filter-from"[^>]*value="2026-13-45"[^>]*aria-invalid="true"/)
    expect(html).toMatch(/<option value="form" selected="">/)
  })
})

describe('ledger', () => {
  it('filters by list, source and dates, and downloads CSV with formulas escaped', async () => {
    await api(t, 'PUT', `/contacts/${enc('formula@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent: { source: 'crm', text: '=HYPERLINK("http://evil.example","x")', ip: '203.0.113.9' },
    })
    await api(t, 'PUT', `/contacts/${enc('other@example.com')}`, {
      subscriptions: { webinars: 'subscribed' },
      consent: { source: 'crm', text: '+1 call me' },
    })
    const page = await (await browser.get('/admin/ledger?list=newsletter&source=admin')).text()
    expect(page).toContain('=HYPERLINK')
    expect(page).not.toContain('+1 call me')
    const none = await (await browser.get('/admin/ledger?from=2026-11-23')).text()
    expect(none).toContain('No events match.')

    const csv = await browser.get('/admin/ledger.csv?from=2026-11-22&to=2026-11-22')
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(csv.headers.get('content-disposition')).toContain(
      'attachment; filename="prefcenter-ledger-',
    )
    const text = await csv.text()
    expect(text.split('\n')[0]).toBe(
      'id,occurred_at,recorded_at,contact_id,email,list,from,to,source,legal_basis,ip,user_agent,consent_text,consent_version,detail',
    )
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""x"")"`)
    expect(text).toContain("'+1 call me")
    expect(text).not.toMatch(/(^|,)=HYPERLINK/m)
  })

  it('answers 400 for a malformed date and changes nothing', async () => {
    expect((await browser.get('/admin/ledger?from=yesterday')).status).toBe(400)
  })
})

describe('import', () => {
  const csv = [
    'email,list,status,consent_source,consent_text,consent_at',
    'new1@example.com,newsletter,subscribed,fair,Yes please,2026-11-01T10:00:00Z',
    'new2@example.com,newsletter,subscribed,,,',
    'new3@example.com,nope,subscribed,fair,Yes,2026-11-01T10:00:00Z',
    'new4@example.com,call-reports,subscribed,,,',
  ].join('\n')

  const upload = async () => {
    await browser.get('/admin/import')
    const form = new FormData()
    form.set('csrf', browser.csrf())
    form.set('file', new File([csv], 'people.csv', { type: 'text/csv' }))
    return browser.post('/admin/import', form)
  }

  it('shows a dry-run report first (nothing written), then applies the same file once', async () => {
    const checked = await upload()
    expect(checked.status).toBe(303)
    const reportPath = checked.headers.get('location')!
    const report = await (await browser.get(reportPath)).text()
    expect(report).toContain('Dry-run report')
    expect(report).toMatch(/Accepted<\/th><td class="num">2</)
    expect(report).toMatch(/Rejected<\/th><td class="num">2</)
    expect(report).toContain('consent evidence missing')
    expect(report).toContain('unknown list')
    expect(report).not.toContain('new2@example.com')
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toHaveLength(0)

    const applied = await browser.submit(reportPath, `${reportPath}/apply`)
    expect(applied.status).toBe(303)
    const done = await (await browser.get(reportPath)).text()
    expect(done).toContain('Applied, finished.')
    const emails = (await t.deps.db.selectFrom('contacts').select('email').execute()).map(
      (r) => r.email,
    )
    expect(emails.sort()).toEqual(['new1@example.com', 'new4@example.com'])
    const events = await t.deps.db.selectFrom('consent_events').select('source').execute()
    expect(events.every((event) => event.source === 'import')).toBe(true)
    // A second click applies nothing more.
    await browser.submit(reportPath, `${reportPath}/apply`).catch(() => undefined)
    expect(await t.deps.db.selectFrom('consent_events').selectAll().execute()).toHaveLength(
      events.length,
    )
    const stored = await t.deps.db.selectFrom('admin_imports').select(['csv', 'status']).execute()
    expect(stored).toEqual([{ csv: '', status: 'applied' }])
  })

  it('refuses a file holding U+0000 with 400, storing nothing (an attacker review)', async () => {
    await browser.get('/admin/import')
    const form = new FormData()
    form.set('csrf', browser.csrf())
    form.set(
      'file',
      new File(['email,list,status\nx@example.com,newsletter,subscribed\0\n'], 'n.csv'),
    )
    const res = await browser.post('/admin/import', form)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('U+0000')
    expect(await t.deps.db.selectFrom('admin_imports').selectAll().execute()).toHaveLength(0)
  })

  it('refuses a file without the required columns with 400', async () => {
    await browser.get('/admin/import')
    const form = new FormData()
    form.set('csrf', browser.csrf())
    form.set('file', new File(['name,city\nAda,Turku'], 'bad.csv'))
    const res = await browser.post('/admin/import', form)
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('missing: email, list, status')
    expect(await t.deps.db.selectFrom('admin_imports').selectAll().execute()).toHaveLength(0)
  })
})

describe('API keys', () => {
  it('creates a key shown once, lists it without its secret, and revokes it', async () => {
    const res = await browser.submit('/admin/keys', '/admin/keys', { name: 'crm', scope: 'read' })
    expect(res.status).toBe(200)
    const key = /<p class="secret" id="new-key">(pck_[^<]+)<\/p>/.exec(await res.text())![1]!
    expect((await api(t, 'GET', '/lists', undefined, key)).status).toBe(200)
    const later = await (await browser.get('/admin/keys')).text()
    expect(later).not.toContain(key)
    expect(later).toContain('crm')
    const id = key.split('_')[1]!
    // The row's button asks first (it cannot be undone); nothing is revoked by that.
    const ask = await browser.submit('/admin/keys', `/admin/keys/${id}/revoke`)
    expect(ask.status).toBe(200)
    expect(browser.lastHtml).toContain('Revoke crm?')
    expect((await api(t, 'GET', '/lists', undefined, key)).status).toBe(200)
    const revoked = await browser.post(`/admin/keys/${id}/revoke`, {
      csrf: browser.csrf(),
      ...browser.hiddenFields(`/admin/keys/${id}/revoke`),
    })
    expect(revoked.status).toBe(303)
    expect((await api(t, 'GET', '/lists', undefined, key)).status).toBe(401)
  })

  it('a key name that cannot be used comes back to the form, as typed, the problem on the field', async () => {
    const res = await browser.submit('/admin/keys', '/admin/keys', {
      name: 'x'.repeat(101),
      scope: 'read',
    })
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toMatch(/id="key-name-error"[^>]*>name is longer than 100 characters/)
    expect(html).toMatch(/<input id="key-name"[^>]*value="x{101}"[^>]*aria-invalid="true"/)
    expect(html).not.toContain('id="new-key"')
    expect(await t.deps.db.selectFrom('api_keys').selectAll().execute()).toHaveLength(0)
  })

  it('one form makes one key: sent again (a reload, a double click) it makes none (a browser review)', async () => {
    await browser.get('/admin/keys')
    const fields = {
      csrf: browser.csrf(),
      ...browser.hiddenFields('/admin/keys'),
      name: 'twice',
      scope: 'write',
    }
    const [first, second] = await Promise.all([
      browser.post('/admin/keys', fields),
      browser.post('/admin/keys', fields),
    ])
    const pages = [await first.text(), await second.text()]
    expect(pages.filter((page) => page.includes('id="new-key"'))).toHaveLength(1)
    const again = await (await browser.post('/admin/keys', fields)).text()
    expect(again).not.toContain('id="new-key"')
    expect(again).toContain('That form was sent already')
    const keys = await t.deps.db.selectFrom('api_keys').select('name').execute()
    expect(keys.map((key) => key.name)).toEqual(['twice'])
  })
})

describe('languages', () => {
  it('follows the language chosen at sign-in and changed in the session', async () => {
    const finn = new ConsoleBrowser(t)
    await finn.signIn(undefined, 'fi')
    expect(await (await finn.get('/admin/lists')).text()).toContain('<h1>Listat</h1>')
    await finn.submit('/admin/lists', '/admin/language', { locale: 'pl', back: '/admin/lists' })
    const polish = await (await finn.get('/admin/lists')).text()
    expect(polish).toContain('<h1>Listy</h1>')
    expect(polish).toContain('<html lang="pl">')
  })
})

describe('GET never changes state', () => {
  it('walking every page leaves lists, contacts and the ledger as they were', async () => {
    const contact = await seedContact(t, 'walker@example.com')
    const before = JSON.stringify([
      await t.deps.db.selectFrom('lists').selectAll().execute(),
      await t.deps.db.selectFrom('contacts').selectAll().execute(),
      await t.deps.db.selectFrom('consent_events').selectAll().execute(),
      await t.deps.db.selectFrom('admin_audit').selectAll().execute(),
    ])
    for (const path of [
      '/admin',
      '/admin/lists',
      '/admin/lists/newsletter',
      '/admin/contacts',
      `/admin/contacts/${contact.id}`,
      '/admin/ledger',
      '/admin/ledger.csv',
      '/admin/import',
      '/admin/keys',
    ]) {
      expect((await browser.get(path)).status, path).toBe(200)
    }
    const after = JSON.stringify([
      await t.deps.db.selectFrom('lists').selectAll().execute(),
      await t.deps.db.selectFrom('contacts').selectAll().execute(),
      await t.deps.db.selectFrom('consent_events').selectAll().execute(),
      await t.deps.db.selectFrom('admin_audit').selectAll().execute(),
    ])
    expect(after).toBe(before)
  })
})
