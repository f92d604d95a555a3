import { describe, expect, it } from 'vitest'
import { contactId, contactIdRun } from '../src/ids.js'
import { decodeBase64Url, randomId } from '../src/tokens/base64url.js'

describe('random ids (drawn from a pooled buffer)', () => {
  it('never repeats across many refills of the pool, in every size asked for', () => {
    const seen = new Set<string>()
    // 20,000 ids of 16 and 8 bytes: 60 refills of the 4 KB pool.
    for (let i = 0; i < 10_000; i++) {
      for (const bytes of [16, 8]) {
        const id = randomId(bytes)
        expect(decodeBase64Url(id)).toHaveLength(bytes)
        seen.add(id)
      }
    }
    expect(seen.size).toBe(20_000)
  })

  it('hands out bytes that look random (no byte value holds more than twice its share)', () => {
    const counts = new Array<number>(256).fill(0)
    for (let i = 0; i < 4096; i++)
      for (const byte of decodeBase64Url(randomId(16))!) counts[byte]!++
    // 65,536 bytes: 256 per value on average.
    expect(Math.max(...counts)).toBeLessThan(512)
    expect(Math.min(...counts)).toBeGreaterThan(128)
  })
})

describe('contact ids made in a run (an import batch)', () => {
  it('look exactly like any contact id, never repeat, and share their random start', () => {
    const next = contactIdRun()
    const ids = Array.from({ length: 70_000 }, () => next())
    // 16 bytes: the 22nd character carries two bits, so it is one of four for every id.
    const shape = /^[A-Za-z0-9_-]{21}[AQgw]$/
    for (let i = 0; i < 1000; i++) expect(contactId()).toMatch(shape)
    for (const id of ids) expect(id).toMatch(shape)
    expect(new Set(ids).size).toBe(ids.length)
    expect(new Set(ids.map((id) => id.slice(0, 16))).size).toBe(1)
  })

  it('starts every run somewhere new, its count included, so one id does not tell its place', () => {
    const firsts = Array.from({ length: 1000 }, () => contactIdRun()())
    expect(new Set(firsts.map((id) => id.slice(0, 16))).size).toBe(1000)
    expect(new Set(firsts.map((id) => id.slice(16))).size).toBeGreaterThan(990)
  })
})
