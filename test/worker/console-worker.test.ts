import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { Kysely } from 'kysely'
import { Miniflare } from 'miniflare'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { D1Dialect } from '../../src/db/d1-dialect.js'
import type { D1Database } from '../../src/db/d1-types.js'
import { migrate } from '../../src/db/migrate.js'
import type { Database } from '../../src/db/schema.js'
import { readMigrations } from '../../src/node/migrations.js'

const root = resolve(import.meta.dirname, '../..')
const ADMIN_TOKEN = 'worker-console-admin-token-0123456789'
let dir: string
let mf: Miniflare
let db: Kysely<Database>

// The bundle `wrangler deploy` would ship, on workerd: the console (CSV parsing, cookies,
// Web Crypto) and /metrics must use nothing Node-only.
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'prefcenter-console-bundle-'))
  const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js')
  execFileSync(process.execPath, [wrangler, 'deploy', '--dry-run', '--outdir', dir], {
    cwd: root,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1' },
    stdio: 'pipe',
  })
  mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, 'worker.js'),
    modulesRoot: dir,
    compatibilityDate: '2026-04-01',
    compatibilityFlags: ['nodejs_compat'],
    d1Databases: ['DB'],
    bindings: {
      SIGNING_KEYS: 'k1:worker-console-secret-0123456789abcdef',
      ADMIN_TOKEN,
      PUBLIC_URL: 'http://prefcenter.test',
      LOG_LEVEL: 'silent',
    },
  })
  const d1 = (await mf.getD1Database('DB')) as unknown as D1Database
  db = new Kysely<Database>({ dialect: new D1Dialect({ database: d1 }) })
  await migrate(db, await readMigrations())
}, 180_000)

afterAll(async () => {
  await mf?.dispose()
  rmSync(dir, { recursive: true, force: true })
})

const cookies = new Map<string, string>()
let html = ''

async function request(
  path: string,
  init: { method?: string; body?: FormData | URLSearchParams } = {},
) {
  // The worker's own fetcher answers redirects as they are (dispatchFetch would follow them).
  const fetcher = (await mf.getWorker()) as unknown as { fetch: typeof fetch }
  // Bodies are encoded here (FormData does not cross into workerd as an object).
  const encoded = init.body
    ? new Request('http://x/', { method: 'POST', body: init.body })
    : undefined
  const res = await fetcher.fetch(`http://prefcenter.test${path}`, {
    method: init.method ?? 'GET',
    redirect: 'manual',
    headers: {
      cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; '),
      'sec-fetch-site': 'same-origin',
      ...(encoded ? { 'content-type': encoded.headers.get('content-type')! } : {}),
    },
    ...(encoded ? { body: await encoded.arrayBuffer() } : {}),
  })
  for (const line of res.headers.getSetCookie()) {
    const [pair] = line.split(';')
    const at = pair!.indexOf('=')
    cookies.set(pair!.slice(0, at), pair!.slice(at + 1))
  }
  html = await res.text()
  return { status: res.status, location: res.headers.get('location'), text: html }
}

const csrf = () => /name="csrf" value="([^"]+)"/.exec(html)![1]!

describe('the console and /metrics on workerd', () => {
  it('signs in, shows the dashboard, imports a CSV through the dry run, downloads the ledger, and counts it all', async () => {
    expect((await request('/admin')).text).toContain('action="/admin/sign-in"')
    const signIn = await request('/admin/sign-in', {
      method: 'POST',
      body: new URLSearchParams({ csrf: csrf(), credential: ADMIN_TOKEN }),
    })
    expect(signIn.status).toBe(303)
    const dashboard = await request('/admin')
    expect(dashboard.text).toContain('<h1>Dashboard</h1>')
    expect(dashboard.text).toMatch(/<svg[^>]*role="img"/)

    await request('/admin/import')
    const form = new FormData()
    form.set('csrf', csrf())
    form.set(
      'file',
      new File(
        [
          'email,list,status,consent_source,consent_text,consent_at\n' +
            'worker-import@example.com,newsletter,subscribed,fair,Yes,2026-01-01T00:00:00Z\n',
        ],
        'people.csv',
        { type: 'text/csv' },
      ),
    )
    const checked = await request('/admin/import', { method: 'POST', body: form })
    expect(checked.status).toBe(303)
    expect((await request(checked.location!)).text).toContain('Dry-run report')
    expect(await db.selectFrom('contacts').selectAll().execute()).toHaveLength(0)
    const applied = await request(`${checked.location}/apply`, {
      method: 'POST',
      body: new URLSearchParams({ csrf: csrf() }),
    })
    expect(applied.status).toBe(303)
    const contacts = await db.selectFrom('contacts').select('email').execute()
    expect(contacts).toEqual([{ email: 'worker-import@example.com' }])

    const csv = await request('/admin/ledger.csv')
    expect(csv.status).toBe(200)
    expect(csv.text).toContain('worker-import@example.com')

    const metrics = await mf.dispatchFetch('http://prefcenter.test/metrics', {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    })
    expect(metrics.status).toBe(200)
    const body = await metrics.text()
    expect(body).toContain(
      'prefcenter_http_requests_total{route="/admin/sign-in",method="POST",status="303"} 1',
    )
    expect(body).toContain(
      'prefcenter_http_requests_total{route="/admin",method="GET",status="200"} 2',
    )
    expect(body).toContain('prefcenter_outbox_depth{topic="mailchimp"} 0')
    expect((await mf.dispatchFetch('http://prefcenter.test/metrics')).status).toBe(401)
  }, 120_000)
})
