import { describe, expect, it } from 'vitest'
import { emailSchema, normalizeEmail } from '../src/domain/subscription/email.js'

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

  it('refuses a new address with a local part over 64 characters (RFC 5321), but still finds one', () => {
    const long = `${'a'.repeat(65)}@example.com`
    expect(emailSchema.safeParse(long).success).toBe(false)
    expect(emailSchema.parse(`${'a'.repeat(64)}@example.com`)).toBe(`${'a'.repeat(64)}@example.com`)
    // A lookup (the admin API's path, the console's search) still reads a stored one.
    expect(normalizeEmail(long)).toBe(long)
  })
})
