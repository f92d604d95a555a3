import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, seedContact } from '../admin/helpers.js'
import { cli } from './helpers.js'

let t: TestApp | undefined
let dir: string
afterEach(async () => {
  await t?.close()
  t = undefined
  rmSync(dir, { recursive: true, force: true })
})

const HEADER = 'email,list,status,consent_source,consent_text,consent_at,consent_ip,locale'
const good = (i: number) =>
  i % 2 === 0
    ? `user${i >> 1}@example.com,newsletter,subscribed,webform,"I agree, send me news",2026-01-0${1 + (i % 9)}T10:00:00Z,198.51.100.${i % 250},pl`
    : `user${i >> 1}@example.com,call-reports,subscribed,,,,,pl`

/** One bad row of each kind, in turn, with the reason the report must give. */
const BAD: [string, string][] = [
  [
    'not-an-address,newsletter,subscribed,webform,yes,2026-01-01T00:00:00Z,,',
    'invalid email address',
  ],
  ['bad1@example.com,no-such-list,subscribed,,,,,', 'unknown list'],
  ['bad2@example.com,newsletter,subscribed,,,,,', 'consent evidence missing'],
  ['bad3@example.com,webinars,subscribed,webform,yes,,,', 'consent evidence missing'],
  ['bad4@example.com,newsletter,maybe,,,,,', 'status must be subscribed or unsubscribed'],
  ['bad5@example.com,newsletter,subscribed,webform,yes,last tuesday,,', 'consent_at is not a date'],
  ['erased@example.com,call-reports,subscribed,,,,,', 'suppression list'],
  [
    'bad6@example.com,newsletter,subscribed,webform,yes,2026-01-01T00:00:00Z,not-an-ip,',
    'consent_ip',
  ],
]
const MALFORMED = 'bad7@example.com,"unclosed,subscribed'

describe('prefcenter import', () => {
  it('imports 100,000 rows with bad rows mixed in, reports them, and a second run changes nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-import-'))
    const db = join(dir, 'import.db')
    t = await createTestApp({ DATABASE_URL: `sqlite:${db}` })
    await seedContact(t, 'erased@example.com')
    expect((await api(t, 'DELETE', `/contacts/${enc('erased@example.com')}`)).status).toBe(200)

    const lines = [HEADER]
    const expectedBad: { line: number; reason: string }[] = []
    let goodRows = 0
    for (let i = 0; i < 100_000; i++) {
      if (i % 1000 === 999) {
        const [row, reason] = BAD[Math.floor(i / 1000) % BAD.length]!
        lines.push(row)
        expectedBad.push({ line: lines.length, reason })
      } else {
        lines.push(good(i))
        goodRows++
      }
    }
    // An unclosed quote swallows the rest of the file, so the malformed record comes last.
    const file = join(dir, 'big.csv')
    writeFileSync(file, `${lines.join('\n')}\n${MALFORMED}\n`)
    const bad = expectedBad

    const report = join(dir, 'rejected.csv')
    const first = await cli(db, 'import', file, '--report', report)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    expect(first.stdout).toContain(
      `accepted: ${goodRows} (changed: ${goodRows}, unchanged: 0), rejected: ${bad.length + 1}`,
    )

    const rejected = readFileSync(report, 'utf8').trim().split('\n')
    expect(rejected[0]).toBe('line,email,list,reason')
    expect(rejected).toHaveLength(bad.length + 2)
    const byLine = new Map(rejected.slice(1).map((row) => [Number(row.split(',')[0]), row]))
    for (const entry of bad)
      expect(byLine.get(entry.line), `line ${entry.line}`).toContain(entry.reason)
    expect([...byLine.values()].some((row) => row.includes('malformed CSV record'))).toBe(true)

    const count = async (table: 'subscriptions' | 'consent_events' | 'contacts') =>
      Number(
        (
          await t!.deps.db
            .selectFrom(table)
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      )
    expect(await count('subscriptions')).toBe(goodRows)
    const events = await count('consent_events')
    const contacts = await count('contacts')
    // Each batch's new contacts share a random id start (adjacent index pages, issue 12).
    const ids = await t.deps.db.selectFrom('contacts').select('id').execute()
    const starts = new Set(ids.map((row) => row.id.slice(0, 16)))
    expect(starts.size).toBeGreaterThan(1)
    expect(starts.size).toBeLessThan(contacts / 100)

    const sample = (await (
      await api(t, 'GET', `/contacts/${enc('user0@example.com')}`)
    ).json()) as any
    expect(sample.locale).toBe('pl')
    expect(sample.events.find((e: any) => e.list === 'newsletter')).toMatchObject({
      source: 'import',
      consent_text: 'I agree, send me news',
      ip: '198.51.100.0',
      occurred_at: '2026-01-01T10:00:00.000Z',
      detail: { consent_source: 'webform' },
    })
    expect((await api(t, 'GET', `/contacts/${enc('erased@example.com')}`)).status).toBe(404)

    const second = await cli(db, 'import', file)
    expect(second.code).toBe(0)
    expect(second.stdout).toContain(`changed: 0, unchanged: ${goodRows}`)
    expect(await count('consent_events')).toBe(events)
    expect(await count('contacts')).toBe(contacts)
  }, 180_000)

  it('--dry-run validates and counts but writes nothing', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-import-'))
    const db = join(dir, 'dry.db')
    t = await createTestApp({ DATABASE_URL: `sqlite:${db}` })
    const file = join(dir, 'small.ndjson')
    writeFileSync(
      file,
      `${[
        { email: 'a@example.com', list: 'call-reports', status: 'subscribed' },
        { email: 'a@example.com', list: 'call-reports', status: 'unsubscribed' },
        { email: 'b@example.com', list: 'newsletter', status: 'subscribed' },
        {
          email: 'c@example.com',
          list: 'webinars',
          status: 'subscribed',
          consent_source: 'fair',
          consent_text: 'ok',
          consent_at: 1767225600000,
        },
      ]
        .map((row) => JSON.stringify(row))
        .join('\n')}\n{not json\n`,
    )
    const dry = await cli(db, 'import', file, '--dry-run')
    expect(dry.code).toBe(0)
    expect(dry.stdout).toContain(
      'Dry run, nothing written. Records: 5, accepted: 3 (changed: 3, unchanged: 0), rejected: 2, new contacts: 2',
    )
    expect(await t.deps.db.selectFrom('contacts').selectAll().execute()).toEqual([])
    expect(await t.deps.db.selectFrom('consent_events').selectAll().execute()).toEqual([])

    const real = await cli(db, 'import', file)
    expect(real.stdout).toContain(
      'Records: 5, accepted: 3 (changed: 3, unchanged: 0), rejected: 2, new contacts: 2',
    )
    const a = (await (await api(t, 'GET', `/contacts/${enc('a@example.com')}`)).json()) as any
    expect(a.subscriptions).toMatchObject([{ list: 'call-reports', status: 'unsubscribed' }])
  })

  it('fails clearly on a missing file or a header without the required columns', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-import-'))
    const db = join(dir, 'x.db')
    const missing = await cli(db, 'import', join(dir, 'nope.csv'))
    expect(missing.code).toBe(1)
    const file = join(dir, 'bad-header.csv')
    writeFileSync(file, 'mail,list\na@example.com,newsletter\n')
    const header = await cli(db, 'import', file)
    expect(header.code).toBe(1)
    expect(header.stderr).toContain('must name the columns email, list, status')
  })
})

describe('prefcenter export', () => {
  it('exports CSV and NDJSON that import back into a fresh database unchanged', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-export-'))
    const source = join(dir, 'source.db')
    t = await createTestApp({ DATABASE_URL: `sqlite:${source}` })
    // The CLI runs on the real clock: keep the app's changes in its past.
    t.clock.now = Date.now() - 3_600_000
    await seedContact(t, 'ada@example.com', {
      newsletter: 'subscribed',
      'call-reports': 'subscribed',
    })
    await seedContact(t, 'bob@example.com', { webinars: 'subscribed' })
    await api(t, 'PUT', `/contacts/${enc('bob@example.com')}`, {
      subscriptions: { webinars: 'unsubscribed', 'technical-advisories': 'subscribed' },
      locale: 'fi',
    })
    await t.close()
    t = undefined

    for (const format of ['csv', 'ndjson'] as const) {
      const out = join(dir, `export.${format}`)
      const exported = await cli(source, 'export', '--format', format, '--out', out)
      expect(exported.code).toBe(0)
      expect(exported.stderr).toContain('Exported 4 subscriptions')
      const target = join(dir, `target-${format}.db`)
      const imported = await cli(
        target,
        'import',
        out,
        '--format',
        format,
        '--report',
        join(dir, 'r.csv'),
      )
      expect(imported.stdout).toContain('accepted: 4 (changed: 4, unchanged: 0), rejected: 0')
      const again = await cli(target, 'export', '--format', format)
      const strip = (text: string) =>
        text
          .trim()
          .split('\n')
          .map((line) => line.replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, 'T'))
          .sort()
      expect(strip(again.stdout)).toEqual(strip(readFileSync(out, 'utf8')))
    }
    const csv = readFileSync(join(dir, 'export.csv'), 'utf8')
    expect(csv.split('\n')[0]).toBe(
      'email,list,status,updated_at,locale,name,consent_source,consent_text,consent_at,consent_ip',
    )
    expect(csv).toContain('ada@example.com,newsletter,subscribed,')
    expect(csv).toContain(
      'crm-form,"Yes, send me the newsletter.",2026-11-01T10:00:00.000Z,203.0.113.7',
    )
  })
})
