import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')
const MAP = resolve(ROOT, 'docs/compliance.md')

interface Row {
  clause: string
  proof: string
}

/** The table rows of docs/compliance.md: `| clause | what | proof |`, header and rule skipped. */
function readRows(): Row[] {
  const lines = readFileSync(MAP, 'utf8').split('\n')
  const rows = lines.filter((line) => line.startsWith('| ') && !line.startsWith('| clause '))
  return rows.map((line) => {
    const cells = line.slice(2, -2).split(' | ')
    return { clause: cells[0] ?? '', proof: cells.at(-1) ?? '' }
  })
}

/** `file › title` code spans in a proof cell. */
function citations(proof: string): { file: string; title: string }[] {
  return [...proof.matchAll(/`([^`›]+?) › ([^`]+)`/g)].map((m) => ({ file: m[1]!, title: m[2]! }))
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Whether `file` declares a test (it/test, with or without a modifier) titled exactly `title`. */
function declaresTest(file: string, title: string): boolean {
  const source = readFileSync(resolve(ROOT, file), 'utf8')
  const quoted = ["'", '"', '`'].map((q) => `${q}${escapeRegExp(title)}${q}`).join('|')
  return new RegExp(`\\b(?:it|test)(?:\\.\\w+)*\\(\\s*(?:${quoted})`).test(source)
}

describe('the compliance map (docs/compliance.md)', () => {
  const rows = readRows()

  it('has a row for every clause the product claims', () => {
    const clauses = rows.map((row) => row.clause).join('\n')
    const required = [
      'RFC 8058 §3.1',
      'RFC 8058 §3.2',
      'RFC 8058 §4',
      'RFC 2369',
      'Gmail and Yahoo',
      'CAN-SPAM 15 U.S.C. 7704(a)(4)',
      'CAN-SPAM 7704(a)(3)',
      'CAN-SPAM 7704(a)(3)(B)',
      'postal address',
      'GDPR art. 7(1)',
      'GDPR art. 7(3)',
      'GDPR art. 12(3)',
      'GDPR art. 15',
      'GDPR art. 16',
      'GDPR art. 17',
      'GDPR art. 18',
      'GDPR art. 20',
      'GDPR art. 21',
      'GDPR art. 25',
      'GDPR art. 13(1)(e), 28, 30',
      'ICO consent record: who',
      'ICO consent record: when',
      'ICO consent record: what they were told',
      'ICO consent record: how',
      'ICO consent record: whether they withdrew',
      'Xopero policy',
      'Xopero GDPR policy',
      'iBackup policy',
      'CloudBacko policy',
      'IXO policy',
    ]
    for (const clause of required) expect(clauses, clause).toContain(clause)
  })

  it('names at least one test for every row, or says "not proven"', () => {
    for (const row of rows) {
      const proven = citations(row.proof).length > 0
      expect(proven || row.proof.includes('not proven'), row.clause).toBe(true)
    }
  })

  it('cites only tests that exist', () => {
    const missing: string[] = []
    for (const row of rows) {
      for (const { file, title } of citations(row.proof)) {
        if (!existsSync(resolve(ROOT, file)) || !declaresTest(file, title)) {
          missing.push(`${row.clause}: ${file} › ${title}`)
        }
      }
    }
    expect(missing).toEqual([])
  })

  it('notices a citation of a test that does not exist', () => {
    expect(declaresTest('test/tokens.test.ts', 'expires confirm tokens')).toBe(true)
    expect(declaresTest('test/tokens.test.ts', 'expires confirm tokens and the moon')).toBe(false)
  })
})
