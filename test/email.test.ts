import { describe, expect, it } from 'vitest'
import { normalizeEmail } from '../src/domain/subscription/email.js'

describe('normalizeEmail', () => {
  it('canonicalises case and surrounding space', () => {
    expect(normalizeEmail('  Ada@Example.COM ')).toBe('ada@example.com')
  })

  it('refuses what is not an address', () => {
    for (const bad of [
      '',
      'ada',
      'ada@',
      '@example.com',
      'a b@example.com',
      'ada@example.com\r\nBcc: x@y.z',
      42,
      null,
    ]) {
      expect(normalizeEmail(bad)).toBeUndefined()
    }
  })

  it('refuses addresses over 254 characters', () => {
    const local = 'a'.repeat(64)
    const domain = `${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.eeee.com`
    expect(normalizeEmail(`${local}@${domain}`)).toBeUndefined()
    expect(normalizeEmail(`${local}@example.com`)).toBe(`${local}@example.com`)
  })

  it('refuses a local part over 64 characters (RFC 5321: mail servers refuse it)', () => {
    expect(normalizeEmail(`${'a'.repeat(65)}@example.com`)).toBeUndefined()
    expect(normalizeEmail(`${'a'.repeat(64)}@example.com`)).toBe(`${'a'.repeat(64)}@example.com`)
  })
})
