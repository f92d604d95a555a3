import { z } from 'zod'

/** RFC 5321 caps a forward path at 256 octets including the brackets: 254 for the address. */
export const MAX_EMAIL_LENGTH = 254
/** RFC 5321 (4.5.3.1.1): a local part is at most 64 octets (ASCII here: the shape allows no more). */
const MAX_LOCAL_PART = 64

/**
 * An address as RFC 5322 writes it without quotes or comments (a dot-atom local part with all
 * its special characters: `o'brien`, `a&b`, `x=y`, `{tag}`), at an ASCII domain with a letter
 * top-level label. Mailchimp holds such addresses and sends them in its webhooks; a narrower
 * pattern answered those webhooks 400 (a review against Mailchimp's behaviour), which Mailchimp
 * retries and, past many failures, disables the webhook for.
 */
const ATEXT = "[a-z0-9!#$%&'*+/=?^_`{|}~-]"
const LABEL = '[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?'
const shape = new RegExp(`^${ATEXT}+(?:\\.${ATEXT}+)*@(?:${LABEL}\\.)+[a-z]{2,63}$`)

/**
 * Whether a (normalised) address may come in as a new one. Not with `%`, `/`, `?` or `#` in its
 * local part: put unencoded into a URL path (`/api/v1/contacts/:email`) such an address decodes
 * to, or is cut at, another person's (`victim%40example.com#@evil.example`, a review), and not
 * with a local part over RFC 5321's 64 octets. Refused where an address comes in, never where
 * one is looked up: a contact stored before must stay reachable (to be erased, for one).
 *
 * @example acceptsAsNew('a&b@example.com') // true; acceptsAsNew('a%b@example.com') // false
 */
export function acceptsAsNew(email: string): boolean {
  const at = email.lastIndexOf('@')
  return at <= MAX_LOCAL_PART && !/[%/?#]/.test(email.slice(0, at))
}

/**
 * The canonical form of an address: trimmed, Unicode-normalized, lower-cased (one person, one
 * contact, whatever case they typed). Returns undefined for anything that is not an address.
 *
 * @example normalizeEmail('  Ada@Example.COM ') // 'ada@example.com'
 */
export function normalizeEmail(input: unknown): string | undefined {
  if (typeof input !== 'string') return undefined
  const email = input.normalize('NFC').trim().toLowerCase()
  if (email.length === 0 || email.length > MAX_EMAIL_LENGTH) return undefined
  // Control characters and whitespace have no place in an address and break mail headers.
  if (/[\s\u0000-\u001f\u007f]/.test(email)) return undefined
  return shape.test(email) ? email : undefined
}

/** A zod schema that accepts an address and yields its canonical form. */
export const emailSchema = z
  .string({
    error: (issue) => (issue.input === undefined ? 'email is required' : 'email must be a string'),
  })
  .max(MAX_EMAIL_LENGTH * 4, 'email is too long')
  .transform((value, ctx) => {
    const email = normalizeEmail(value)
    if (!email || !acceptsAsNew(email)) {
      ctx.addIssue({ code: 'custom', message: 'email is not a valid address' })
      return z.NEVER
    }
    return email
  })

/**
 * An address to look up, or to hear about from Mailchimp: any address RFC 5322 allows unquoted
 * (`acceptsAsNew` decides whether it may also become a contact's address).
 */
export const lookupEmailSchema = z
  .string({
    error: (issue) => (issue.input === undefined ? 'email is required' : 'email must be a string'),
  })
  .max(MAX_EMAIL_LENGTH * 4, 'email is too long')
  .transform((value, ctx) => {
    const email = normalizeEmail(value)
    if (!email) {
      ctx.addIssue({ code: 'custom', message: 'email is not a valid address' })
      return z.NEVER
    }
    return email
  })
