import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, TEST_KEYS, type TestApp } from '../support/test-app.js'
import { createApiKey } from '../../src/domain/admin/api-keys.js'
import { cli } from './helpers.js'

const run = promisify(execFile)
/** Where bin/prefcenter.mjs keeps the esbuild bundle of the CLI. */
const BUNDLES = join(process.cwd(), 'node_modules/.cache/prefcenter')
let t: TestApp | undefined
const dirs: string[] = []
afterEach(async () => {
  await t?.close()
  t = undefined
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function tempDb(): string {
  const dir = mkdtempSync(join(tmpdir(), 'prefcenter-cli-'))
  dirs.push(dir)
  return join(dir, 'cli.db')
}

describe('a wrong command line', () => {
  it('is refused with usage (exit 2) before any database is created or migrated', async () => {
    const file = tempDb()
    for (const argv of [
      ['exprot'],
      ['keys'],
      ['keys', 'create', '--name', 'x'],
      ['keys', 'revoke'],
      ['import'],
    ]) {
      const result = await cli(file, ...argv)
      expect(result.code, argv.join(' ')).toBe(2)
      expect(result.stderr).toContain('Usage: prefcenter')
    }
    expect(readdirSync(join(file, '..'))).toEqual([])
  })
})

describe('files that hold personal data', () => {
  it('are readable by their owner alone: the database, its WAL, and an export', async () => {
    const file = tempDb()
    expect((await cli(file, 'migrate')).code).toBe(0)
    const out = join(file, '..', 'export.csv')
    expect((await cli(file, 'export', '--out', out)).code).toBe(0)
    for (const path of [file, out]) expect(statSync(path).mode & 0o777, path).toBe(0o600)
  })
})

describe('prefcenter keys', () => {
  it('creates a key (printed once), lists it without the key, and revokes it; the API follows', async () => {
    const file = tempDb()
    const created = await cli(file, 'keys', 'create', '--name', 'crm sync', '--scope', 'read')
    expect(created.code).toBe(0)
    const key = created.stdout.trim()
    expect(key).toMatch(/^pck_[A-Za-z0-9-]+_[A-Za-z0-9_-]+$/)
    const id = /Created API key (\S+)/.exec(created.stderr)![1]!

    const listed = await cli(file, 'keys', 'list')
    expect(listed.code).toBe(0)
    expect(listed.stdout).toContain(id)
    expect(listed.stdout).toContain('crm sync')
    expect(listed.stdout).toContain('active')
    expect(listed.stdout).not.toContain(key)

    t = await createTestApp({ DATABASE_URL: `sqlite:${file}` })
    const auth = { authorization: `Bearer ${key}` }
    expect((await t.app.request('/api/v1/lists', { headers: auth })).status).toBe(200)
    const write = await t.app.request('/api/v1/lists/newsletter/archive', {
      method: 'POST',
      headers: auth,
    })
    expect(write.status).toBe(403)

    expect((await cli(file, 'keys', 'revoke', id)).code).toBe(0)
    expect((await t.app.request('/api/v1/lists', { headers: auth })).status).toBe(401)
    expect((await cli(file, 'keys', 'list')).stdout).toContain('revoked')
    expect((await cli(file, 'keys', 'revoke', id)).code).toBe(1)
  })

  it('gives ids of letters and digits only, so that `keys revoke <id>` never reads one as an option', async () => {
    const file = tempDb()
    t = await createTestApp({ DATABASE_URL: `sqlite:${file}` })
    const ids = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        createApiKey(t!.deps, { name: `k${i}`, scope: 'read' }).then((key) => key.id),
      ),
    )
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9]{12}$/)
    const revoked = await cli(file, 'keys', 'revoke', ids[0]!)
    expect(revoked.code).toBe(0)
  })

  it('refuses wrong usage with exit code 2', async () => {
    const file = tempDb()
    expect((await cli(file, 'keys', 'create', '--name', 'x', '--scope', 'admin')).code).toBe(2)
    expect((await cli(file, 'keys', 'create', '--scope', 'read')).code).toBe(2)
    expect((await cli(file, 'nope')).code).toBe(2)
    expect((await cli(file)).code).toBe(2)
    expect((await cli(file, '--bogus')).code).toBe(2)
  })

  it('runs as `npx prefcenter` from the repository: migrate, then keys create', async () => {
    const file = tempDb()
    const env = {
      ...process.env,
      DATABASE_URL: `sqlite:${file}`,
      SIGNING_KEYS: TEST_KEYS,
      LOG_LEVEL: 'silent',
    }
    // Only this test runs bin/prefcenter.mjs: its bundle cache can be emptied here.
    rmSync(BUNDLES, { recursive: true, force: true })
    const migrated = await run('npx', ['prefcenter', 'migrate'], { env, cwd: process.cwd() })
    expect(migrated.stdout).toMatch(/Applied: 0001_init\.sql/)
    // It ran as the esbuild bundle (no tsx loader thread), which found the migrations folder.
    expect(
      readdirSync(BUNDLES).filter((name) => /^cli-[0-9a-f]{16}\.mjs$/.test(name)),
    ).toHaveLength(1)
    const again = await run(process.execPath, ['bin/prefcenter.mjs', 'migrate'], {
      env,
      cwd: process.cwd(),
    })
    expect(again.stdout).toMatch(/up to date/)
    const created = await run(
      'npx',
      ['prefcenter', 'keys', 'create', '--name', 'ci', '--scope', 'write'],
      { env, cwd: process.cwd() },
    )
    expect(created.stdout.trim()).toMatch(/^pck_/)
    // An import runs on a worker thread with a capped heap; it answers as any command does.
    const dir = mkdtempSync(join(tmpdir(), 'prefcenter-cli-import-'))
    dirs.push(dir)
    const rows = ['email,list,status,consent_source,consent_text,consent_at']
    for (let i = 0; i < 3000; i++)
      rows.push(`w${i}@example.com,newsletter,subscribed,form,Yes please,2025-01-01T00:00:00Z`)
    rows.push('not-an-address,newsletter,subscribed,form,Yes please,2025-01-01T00:00:00Z')
    writeFileSync(join(dir, 'in.csv'), `${rows.join('\n')}\n`)
    const imported = await run(
      process.execPath,
      ['bin/prefcenter.mjs', 'import', join(dir, 'in.csv'), '--report', join(dir, 'rejected.csv')],
      { env, cwd: process.cwd() },
    )
    expect(imported.stdout).toMatch(
      /Records: 3001, accepted: 3000 .* rejected: 1, new contacts: 3000/,
    )
    expect(readFileSync(join(dir, 'rejected.csv'), 'utf8')).toContain('3002,not-an-address')
    const failed = await run(
      process.execPath,
      ['bin/prefcenter.mjs', 'import', join(dir, 'nope.csv')],
      {
        env,
        cwd: process.cwd(),
      },
    ).catch((error: { code: number; stderr: string }) => error)
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('no such file') })
  }, 90_000) // two cold starts of npx + tsx: ~20 s alone, more on a loaded 2-core machine
})
