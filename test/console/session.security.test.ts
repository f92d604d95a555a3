import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { readKey, seedContact, writeKey } from '../admin/helpers.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'
import { ConsoleBrowser, sha256Hex } from './helpers.js'

let t: TestApp
beforeEach(async () => {
  t = await createTestApp()
})
afterEach(async () => {
  await t.close()
})

const listIds = async () =>
  (await t.deps.db.selectFrom('lists').select('id').execute()).map((row) => row.id)

describe('console sign-in', () => {
  it('GET /admin without a session answers the sign-in page, and signing in opens the dashboard', async () => {
    const browser = new ConsoleBrowser(t)
    const page = await browser.get('/admin')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('action="/admin/sign-in"')
    expect(html).toContain('name="credential"')
    expect(html).toMatch(/name="csrf" value="[A-Za-z0-9_-]{43}"/)

    const res = await browser.post('/admin/sign-in', {
      csrf: browser.csrf(),
      credential: ADMIN_TOKEN,
    })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin')
    const cookie = res.headers.getSetCookie().find((line) => line.startsWith('pc_admin='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect(cookie).not.toMatch(/Secure/i)

    // Only the hash of the cookie's value is stored.
    const value = browser.cookies.get('pc_admin')!
    const rows = await t.deps.db.selectFrom('admin_sessions').selectAll().execute()
    expect(rows).toHaveLength(1)
    expect(rows[0]!.id_hash).toBe(await sha256Hex(value))
    expect(rows[0]!.id_hash).not.toContain(value)
    expect(rows[0]!.actor).toBe('admin-token')

    const dashboard = await browser.get('/admin')
    expect(dashboard.status).toBe(200)
    expect(await dashboard.text()).toContain('<h1>Dashboard</h1>')
  })

  it('marks the cookie Secure (and __Host-) when PUBLIC_URL is https', async () => {
    const secure = await createTestApp({ PUBLIC_URL: 'https://prefs.example.com' })
    try {
      const browser = new ConsoleBrowser(secure)
      const res = await browser.signIn()
      expect(res.status).toBe(303)
      const cookie = res.headers.getSetCookie().find((line) => line.startsWith('__Host-pc_admin='))
      expect(cookie).toMatch(/; Secure/i)
      expect(cookie).toMatch(/HttpOnly/i)
      expect(cookie).toMatch(/SameSite=Strict/i)
      expect(cookie).toMatch(/Path=\//)
    } finally {
      await secure.close()
    }
  })

  it('refuses a wrong credential with 401 and opens no session', async () => {
    const browser = new ConsoleBrowser(t)
    const res = await browser.signIn('not-the-token-0123456789')
    expect(res.status).toBe(401)
    expect(await res.text()).toContain('That token or key is not valid')
    expect(browser.cookies.has('pc_admin')).toBe(false)
    expect(await t.deps.db.selectFrom('admin_sessions').selectAll().execute()).toHaveLength(0)
  })

  it('rate-limits sign-in attempts: after 10 in 15 minutes even the right token is refused', async () => {
    const browser = new ConsoleBrowser(t)
    for (let i = 0; i < 10; i++)
      expect((await browser.signIn(`wrong-${i}-0123456789`)).status).toBe(401)
    const res = await browser.signIn(ADMIN_TOKEN)
    expect(res.status).toBe(429)
    expect(await t.deps.db.selectFrom('admin_sessions').selectAll().execute()).toHaveLength(0)
    t.clock.advance(15 * 60_000)
    expect((await browser.signIn(ADMIN_TOKEN)).status).toBe(303)
  })

  it('counts sign-in attempts from IPv6 per /64: new interface ids do not buy new guesses (a review)', async () => {
    await t.close()
    t = await createTestApp({ TRUST_PROXY: '1' })
    const browser = new ConsoleBrowser(t)
    const from = (host: number) => ({
      'sec-fetch-site': 'same-origin',
      'x-forwarded-for': `2001:db8:77:1::${host.toString(16)}`,
    })
    for (let i = 1; i <= 10; i++) {
      await browser.get('/admin')
      const res = await browser.post(
        '/admin/sign-in',
        { csrf: browser.csrf(), credential: `wrong-${i}-0123456789` },
        from(i),
      )
      expect(res.status).toBe(401)
    }
    await browser.get('/admin')
    const res = await browser.post(
      '/admin/sign-in',
      { csrf: browser.csrf(), credential: ADMIN_TOKEN },
      from(11),
    )
    expect(res.status).toBe(429)
  })

  it('counts guesses sent all at once: at most 10 are checked (a review)', async () => {
    const browsers = Array.from({ length: 30 }, () => new ConsoleBrowser(t))
    for (const browser of browsers) await browser.get('/admin')
    const answers = await Promise.all(
      browsers.map((browser, i) =>
        browser.post('/admin/sign-in', {
          csrf: browser.csrf(),
          credential: `wrong-${i}-0123456789`,
        }),
      ),
    )
    const statuses = answers.map((res) => res.status)
    expect(statuses.filter((status) => status === 401)).toHaveLength(10)
    expect(statuses.filter((status) => status === 429)).toHaveLength(20)
  })

  it('counts only failed sign-ins: staff behind one address sign in as often as they need (a review)', async () => {
    for (let i = 0; i < 12; i++) expect((await new ConsoleBrowser(t).signIn()).status).toBe(303)
  })

  it('refuses a sign-in form that does not carry the sign-in page token (login CSRF)', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.get('/admin')
    const res = await browser.post('/admin/sign-in', {
      csrf: 'x'.repeat(43),
      credential: ADMIN_TOKEN,
    })
    expect(res.status).toBe(403)
    expect(await t.deps.db.selectFrom('admin_sessions').selectAll().execute()).toHaveLength(0)
  })
})

describe('CSRF and cross-site posts', () => {
  it('creates a list from a same-site form with the token, and writes who did it', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    const res = await browser.submit('/admin/lists', '/admin/lists', {
      id: 'product-news',
      name: 'Product news',
      legal_basis: 'consent',
      double_opt_in: '1',
    })
    expect(res.status).toBe(303)
    expect(await listIds()).toContain('product-news')
    const audit = await t.deps.db.selectFrom('admin_audit').selectAll().execute()
    expect(audit).toMatchObject([
      { actor: 'admin-token', action: 'list.create', target: 'product-news' },
    ])
  })

  it('refuses a POST without the token, with a wrong token, or from another site, and changes nothing', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    await browser.get('/admin/lists')
    const token = browser.csrf()
    const fields = { id: 'evil-list', name: 'Evil', legal_basis: 'consent' }

    expect((await browser.post('/admin/lists', fields)).status).toBe(403)
    expect((await browser.post('/admin/lists', { ...fields, csrf: 'A'.repeat(43) })).status).toBe(
      403,
    )
    // A cross-site form: the browser says so, even if it somehow carried the cookie and token.
    const crossSite = await browser.post(
      '/admin/lists',
      { ...fields, csrf: token },
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    )
    expect(crossSite.status).toBe(403)
    expect(await crossSite.text()).toContain('Nothing was changed')
    // An older browser without Sec-Fetch-Site still sends Origin.
    const foreignOrigin = await browser.post(
      '/admin/lists',
      { ...fields, csrf: token },
      { origin: 'https://evil.example' },
    )
    expect(foreignOrigin.status).toBe(403)
    expect(await listIds()).not.toContain('evil-list')
    expect(await t.deps.db.selectFrom('admin_audit').selectAll().execute()).toHaveLength(0)
  })

  it('accepts our own form as browsers send it under no-referrer (Origin: null, Sec-Fetch-Site: same-origin)', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    await browser.get('/admin/lists')
    const res = await browser.post(
      '/admin/lists',
      { csrf: browser.csrf(), id: 'own-form', name: 'Own', legal_basis: 'consent' },
      { 'sec-fetch-site': 'same-origin', origin: 'null' },
    )
    expect(res.status).toBe(303)
    expect(await listIds()).toContain('own-form')
  })

  it('a cross-site POST that erases a contact erases nothing', async () => {
    const contact = await seedContact(t, 'victim@example.com')
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    await browser.get(`/admin/contacts/${contact.id}`)
    const res = await browser.post(
      `/admin/contacts/${contact.id}/erase`,
      { csrf: browser.csrf(), confirm_email: 'victim@example.com' },
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
    )
    expect(res.status).toBe(403)
    const row = await t.deps.db
      .selectFrom('contacts')
      .select('email')
      .where('id', '=', contact.id)
      .executeTakeFirst()
    expect(row?.email).toBe('victim@example.com')
  })
})

describe('malformed form bodies', () => {
  // Found by a black-box review: Hono's parseBody throws on these, and the console answered 500.
  const broken = [
    ['multipart/form-data; boundary=q', 'x'],
    ['multipart/form-data', 'x'],
    [
      'multipart/form-data; boundary=q',
      '--q\r\nContent-Disposition: form-data; name="csrf"\r\n\r\nabc',
    ],
  ] as const

  it('answer 400 on the sign-in form and open no session', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.get('/admin')
    for (const [type, body] of broken) {
      const res = await browser.postRaw('/admin/sign-in', body, type)
      expect(res.status).toBe(400)
      expect(res.headers.getSetCookie().join()).not.toMatch(/session=[^;]/)
    }
    expect(await t.deps.db.selectFrom('admin_sessions').selectAll().execute()).toHaveLength(0)
  })

  it('answer 400 behind a session and change nothing: the session lives on', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    const before = await listIds()
    for (const path of [
      '/admin/lists',
      '/admin/language',
      '/admin/sign-out',
      '/admin/contacts/find',
    ]) {
      for (const [type, body] of broken) {
        const res = await browser.postRaw(path, body, type)
        expect(res.status, `${path} ${type}`).toBe(400)
      }
    }
    expect(await listIds()).toEqual(before)
    expect((await browser.get('/admin/lists')).status).toBe(200)
    expect(await t.deps.db.selectFrom('admin_audit').selectAll().execute()).toHaveLength(0)
  })
})

describe('session fixation', () => {
  it('ignores a session id planted before sign-in and issues a fresh one', async () => {
    const browser = new ConsoleBrowser(t)
    const planted = 'P'.repeat(43)
    browser.cookies.set('pc_admin', planted)
    await browser.signIn()
    const issued = browser.cookies.get('pc_admin')!
    expect(issued).not.toBe(planted)
    expect(issued).toMatch(/^[A-Za-z0-9_-]{43}$/)

    const attacker = new ConsoleBrowser(t)
    attacker.cookies.set('pc_admin', planted)
    const res = await attacker.get('/admin')
    expect(await res.text()).toContain('action="/admin/sign-in"')
  })

  it("ends an attacker's own valid session planted in the victim's browser when the victim signs in", async () => {
    const attacker = new ConsoleBrowser(t)
    await attacker.signIn(await readKey(t))
    const attackerId = attacker.cookies.get('pc_admin')!

    const victim = new ConsoleBrowser(t)
    await victim.get('/admin')
    // Planted between loading the sign-in page and submitting it.
    victim.cookies.set('pc_admin', attackerId)
    expect(
      (await victim.post('/admin/sign-in', { csrf: victim.csrf(), credential: ADMIN_TOKEN }))
        .status,
    ).toBe(303)
    expect(victim.cookies.get('pc_admin')).not.toBe(attackerId)
    // The planted session is gone: the attacker does not ride on the victim's sign-in.
    expect(await (await attacker.get('/admin')).text()).toContain('action="/admin/sign-in"')
    const sessions = await t.deps.db.selectFrom('admin_sessions').select('actor').execute()
    expect(sessions).toEqual([{ actor: 'admin-token' }])
  })
})

describe('expired sessions', () => {
  it('ends a session after 30 idle minutes', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    t.clock.advance(29 * 60_000)
    expect((await browser.get('/admin/lists')).status).toBe(200)
    t.clock.advance(31 * 60_000)
    const res = await browser.get('/admin/lists')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin?expired=1')
    expect(await t.deps.db.selectFrom('admin_sessions').selectAll().execute()).toHaveLength(0)
  })

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    for (let minutes = 0; minutes < 12 * 60; minutes += 20) {
      t.clock.advance(20 * 60_000)
      await browser.get('/admin/lists')
    }
    t.clock.advance(20 * 60_000)
    expect((await browser.get('/admin/lists')).status).toBe(303)
  })

  it('refuses a form posted with an expired session and changes nothing', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    await browser.get('/admin/lists')
    const token = browser.csrf()
    t.clock.advance(31 * 60_000)
    const res = await browser.post('/admin/lists', {
      csrf: token,
      id: 'late-list',
      name: 'Late',
      legal_basis: 'consent',
    })
    expect(res.status).toBe(403)
    expect(await listIds()).not.toContain('late-list')
  })
})

describe('read keys', () => {
  it('see the console but every write is refused with 403 and changes nothing', async () => {
    const contact = await seedContact(t, 'kept@example.com')
    const browser = new ConsoleBrowser(t)
    await browser.signIn(await readKey(t))
    const lists = await browser.get('/admin/lists')
    expect(lists.status).toBe(200)
    const html = await lists.text()
    expect(html).toContain('read only')
    expect(html).not.toContain('action="/admin/lists"')

    const token = browser.csrf()
    const attempts: [string, Record<string, string>][] = [
      ['/admin/lists', { id: 'reader-list', name: 'R', legal_basis: 'consent' }],
      ['/admin/lists/newsletter/archive', { archived: '1' }],
      ['/admin/lists/webinars/delete', {}],
      [`/admin/contacts/${contact.id}/erase`, { confirm_email: 'kept@example.com' }],
      [`/admin/contacts/${contact.id}/restriction`, { restricted: '1' }],
      [`/admin/contacts/${contact.id}/address`, { email: 'moved@example.com' }],
      ['/admin/keys', { name: 'escalate', scope: 'write' }],
    ]
    for (const [action, fields] of attempts) {
      const res = await browser.post(action, { csrf: token, ...fields })
      expect(res.status, action).toBe(403)
    }
    expect((await listIds()).sort()).toEqual([
      'call-reports',
      'newsletter',
      'technical-advisories',
      'webinars',
    ])
    const lists2 = await t.deps.db.selectFrom('lists').select(['id', 'archived']).execute()
    expect(lists2.every((list) => list.archived === 0)).toBe(true)
    const kept = await t.deps.db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', contact.id)
      .execute()
    expect(kept).toMatchObject([{ email: 'kept@example.com', restricted: 0 }])
    const keys = await t.deps.db.selectFrom('api_keys').select('name').execute()
    expect(keys.map((key) => key.name)).toEqual(['reader'])
  })

  it('a write key cannot make (or revoke) keys: none outlives its revocation (an attacker review)', async () => {
    const key = await writeKey(t)
    const browser = new ConsoleBrowser(t)
    await browser.signIn(key)
    const page = await (await browser.get('/admin/keys')).text()
    expect(page).not.toContain('action="/admin/keys"')
    expect(page).toContain('Only a session opened with ADMIN_TOKEN')
    const made = await browser.post('/admin/keys', {
      csrf: browser.csrf(),
      name: 'persist',
      scope: 'write',
    })
    expect(made.status).toBe(403)
    const id = key.split('_')[1]!
    const revoked = await browser.post(`/admin/keys/${id}/revoke`, { csrf: browser.csrf() })
    expect(revoked.status).toBe(403)
    const keys = await t.deps.db.selectFrom('api_keys').select(['name', 'revoked_at']).execute()
    expect(keys).toHaveLength(1)
    expect(keys[0]!.revoked_at).toBeNull()
  })

  it('a revoked key loses its console session at once', async () => {
    const key = await writeKey(t)
    const browser = new ConsoleBrowser(t)
    await browser.signIn(key)
    expect((await browser.get('/admin/lists')).status).toBe(200)
    const admin = new ConsoleBrowser(t)
    await admin.signIn()
    const id = key.split('_')[1]!
    const revoke = `/admin/keys/${id}/revoke`
    expect((await admin.submit('/admin/keys', revoke, { confirm: 'yes' })).status).toBe(303)
    expect((await browser.get('/admin/lists')).status).toBe(303)
  })
})

describe('ADMIN_TOKEN changed', () => {
  // Found by an attacker review: a session opened with the old token lived on for up to 12
  // hours after ADMIN_TOKEN was rotated, and could mint API keys that outlived the rotation.
  const config = () => t.deps.config as { adminToken: string | undefined }

  it('ends the sessions it opened: pages lead to sign-in, forms change nothing', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    await browser.get('/admin/keys')
    const csrf = browser.csrf()
    config().adminToken = 'a-brand-new-admin-token-0123456789'
    const page = await browser.get('/admin/keys')
    expect(page.status).toBe(303)
    expect(page.headers.get('location')).toBe('/admin?expired=1')
    const made = await browser.post('/admin/keys', { csrf, name: 'backdoor', scope: 'write' })
    expect(made.status).toBe(403)
    expect(await t.deps.db.selectFrom('api_keys').selectAll().execute()).toHaveLength(0)
  })

  it('ends them when ADMIN_TOKEN is removed, and the new token signs in as before', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    config().adminToken = undefined
    expect((await browser.get('/admin')).status).toBe(200)
    expect(browser.lastHtml).toContain('name="credential"')
    config().adminToken = 'a-brand-new-admin-token-0123456789'
    const again = new ConsoleBrowser(t)
    expect((await again.signIn('a-brand-new-admin-token-0123456789')).status).toBe(303)
    expect((await again.get('/admin/keys')).status).toBe(200)
  })
})

describe('sign-out', () => {
  it('ends the session: the old cookie opens nothing', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    const old = browser.cookies.get('pc_admin')!
    const res = await browser.submit('/admin/lists', '/admin/sign-out')
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/admin?signed_out=1')
    expect(res.headers.getSetCookie().some((line) => /^pc_admin=;/.test(line))).toBe(true)
    expect(await t.deps.db.selectFrom('admin_sessions').selectAll().execute()).toHaveLength(0)
    const replay = new ConsoleBrowser(t)
    replay.cookies.set('pc_admin', old)
    expect((await replay.get('/admin/lists')).status).toBe(303)
  })

  it('a sign-out form without the token (a cross-site logout) is refused', async () => {
    const browser = new ConsoleBrowser(t)
    await browser.signIn()
    expect((await browser.post('/admin/sign-out', {})).status).toBe(403)
    expect(await t.deps.db.selectFrom('admin_sessions').selectAll().execute()).toHaveLength(1)
  })
})
