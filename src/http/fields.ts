import { z } from 'zod'
import { isShowable } from '../domain/subscription/showable.js'

/**
 * A line of text typed by a person or by staff (a name, a list's name or description), trimmed,
 * at most `max` characters, refused with a clear message when it holds what cannot be shown.
 *
 * @example const ListForm = z.object({ name: plainText('name', 200).pipe(z.string().min(1)) })
 */
export function plainText(field: string, max: number, options: { multiline?: boolean } = {}) {
  return z
    .string({ error: `${field} must be text` })
    .max(max, `${field} is longer than ${max} characters`)
    .refine((value) => isShowable(value, options), `${field} contains control characters`)
    .transform((value) => value.trim())
}

/**
 * A list id: a slug, and none of the names a plain object already answers to (`constructor`:
 * ids are lower case, so that is the one), since ids become keys of JSON objects
 * (`{"subscriptions":{"<list>":…}}`).
 */
export const listIdField = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'id must be a slug: a-z, 0-9 and -, at most 64 characters')
  .refine((id) => !(id in Object.prototype) && id !== 'prototype', 'id is a reserved word')

/** A UTF-16 surrogate without its pair: no character at all, stored differently per engine. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Whether a value a client sent holds, anywhere (a string, an array, an object's keys or
 * values), text no engine stores alike: U+0000, which PostgreSQL refuses in text, or a lone
 * surrogate, which SQLite turns into three replacement characters and PostgreSQL into one. Every
 * way in refuses both, on every engine: a 400, never a 500 on one and a stored value on another.
 *
 * @example if (holdsUnstorable(body)) throw new AppError('bad_request', UNSTORABLE_MESSAGE)
 */
export function holdsUnstorable(value: unknown): boolean {
  // A walk with its own stack: a body nested thousands deep must not overflow the call stack.
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const item = pending.pop()
    if (typeof item === 'string') {
      if (item.includes('\0') || LONE_SURROGATE.test(item)) return true
    } else if (Array.isArray(item)) {
      for (const child of item) pending.push(child)
    } else if (item !== null && typeof item === 'object' && !(item instanceof Blob)) {
      for (const [key, child] of Object.entries(item)) pending.push(key, child)
    }
  }
  return false
}

/** The message of that refusal: names the characters, never the value. */
export const UNSTORABLE_MESSAGE =
  'Text must not contain the character U+0000 or half of a surrogate pair'
