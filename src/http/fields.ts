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
