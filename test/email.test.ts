import { describe, expect, it } from 'vitest'
import { acceptsAsNew, emailSchema, normalizeEmail } from '../src/domain/subscription/email.js'

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

  it("takes the addresses RFC 5322 allows unquoted, as Mailchimp does (a&b, x=y, o'brien), but none that a URL path reads otherwise", () => {
    for (const good of [
      "o'brien@example.com",
      'a&b@example.com',
      'x=y@example.com',
      'a.b+c@sub.example.org',
      '{tag}|~@example.co',
    ])
      expect(normalizeEmail(good), good).toBe(good)
    for (const bad of [
      '.a@example.com',
      'a.@example.com',
      'a..b@example.com',
      'a@example',
      'a@-x.com',
      'a@x-.com',
      'a"b@example.com',
      'a(b)@example.com',
      'a,b@example.com',
      'a@b@example.com',
      'ä@example.com',
      'a@exämple.com',
    ])
      expect(normalizeEmail(bad), bad).toBeUndefined()
    // Found and kept reachable, never taken as new: unencoded in a URL path they would decode to,
    // or be cut at, another person's address (a review).
    for (const looked of ['victim%40example.com#@evil.example', 'a/b@example.com', 'a?b@x.org']) {
      expect(normalizeEmail(looked), looked).toBe(looked)
      expect(emailSchema.safeParse(looked).success, looked).toBe(false)
      expect(acceptsAsNew(looked), looked).toBe(false)
    }
    expect(acceptsAsNew('a&b@example.com')).toBe(true)
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
