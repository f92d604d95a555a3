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
  it('look like any contact id, never repeat, sort in the order made and share their random start', () => {
    const next = contactIdRun()
    const ids = Array.from({ length: 70_000 }, () => next())
    const shape = /^[A-Za-z0-9_-]{22}$/
    expect(shape.test(contactId())).toBe(true)
    for (const id of ids) expect(shape.test(id)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    // Code-point order (as SQLite and PostgreSQL's C collation compare) equals the order made,
    // across the 64th and 4,096th id where a digit carries.
    expect([...ids].sort()).toEqual(ids)
    expect(new Set(ids.map((id) => id.slice(0, 16))).size).toBe(1)
  })

  it('starts every run somewhere new', () => {
    const starts = new Set(Array.from({ length: 1000 }, () => contactIdRun()().slice(0, 16)))
    expect(starts.size).toBe(1000)
  })
})
