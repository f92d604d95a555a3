import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { cli } from '../cli/helpers.js'
import { linkIn, subscribeJson } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp | undefined
let dir: string | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
  if (dir) rmSync(dir, { recursive: true, force: true })
})

/** A public name may not hold a link (see mail-text), but a formula without one gets through. */
const NAME_FORMULA = '=HYPERLINK(A1&"x","Click")'

describe('issue 11 item 9: CSV files never carry live formulas', () => {
  it('a public sign-up name starting with = is exported as text, not a formula', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-csv-'))
    const db = join(dir, 'source.db')
    t = await createTestApp({ DATABASE_URL: `sqlite:${db}` })
    t.clock.now = Date.now() - 3_600_000
    await subscribeJson(t, {
      email: 'sheet@example.com',
      lists: ['newsletter'],
      name: NAME_FORMULA,
    })
    await subscribeJson(t, { email: 'plus@example.com', lists: ['newsletter'], name: '+1-555' })
    for (const email of ['sheet@example.com', 'plus@example.com']) {
      await t.app.request(linkIn(t.mailer.to(email)[0], 'confirm'), { method: 'POST' })
    }
    await t.close()
    t = undefined

    const out = join(dir, 'export.csv')
    expect((await cli(db, 'export', '--format', 'csv', '--out', out)).code).toBe(0)
    const csv = readFileSync(out, 'utf8')
    expect(csv).toContain(`"'=HYPERLINK(A1&""x"",""Click"")"`)
    expect(csv).toContain("'+1-555")
    // No cell starts with a formula character.
    for (const line of csv.trim().split('\n'))
      for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+@]/)
  })

  it('the import report escapes formulas from the rejected rows too', async () => {
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-csv-'))
    const input = join(dir, 'in.csv')
    const report = join(dir, 'report.csv')
    const { writeFileSync } = await import('node:fs')
    writeFileSync(input, 'email,list,status\n=cmd|calc!A1,newsletter,subscribed\n')
    await cli(join(dir, 'db.db'), 'import', input, '--report', report)
    const text = readFileSync(report, 'utf8')
    expect(text).toContain("'=cmd|calc!A1")
    expect(text).not.toMatch(/(^|,)=cmd/m)
  })
})
