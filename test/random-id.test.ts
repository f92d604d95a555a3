import { describe, expect, it } from 'vitest'
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
