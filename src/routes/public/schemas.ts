import { plainText } from '../../http/fields.js'
import { z } from 'zod'
import { emailSchema } from '../../domain/subscription/email.js'
import { validationError } from '../../http/validation-error.js'
import { normalizeLocale } from '../../i18n/locale.js'
import { asArray } from './body.js'

const listIds = z
  .preprocess(
    asArray,
    z
      .array(z.string().trim().min(1, 'a list id is empty').max(64, 'a list id is too long'), {
        error: 'lists must be a list of list ids',
      })
      .max(50, 'too many lists'),
  )
  .transform((ids) => [...new Set(ids)])

/** `pl`, `pl-PL`, `FI`: a supported language; empty means not given; anything else is refused. */
const locale = z
  .unknown()
  .transform((value, ctx) => {
    if (value === undefined || value === null || value === '') return undefined
    const normalized = typeof value === 'string' ? normalizeLocale(value) : undefined
    if (!normalized) {
      ctx.addIssue({ code: 'custom', message: 'unsupported locale (use en, pl or fi)' })
      return z.NEVER
    }
    return normalized
  })
  .optional()

/** An optional name: trimmed, at most 200 characters, no control characters. */
export const nameField = plainText('name', 200)
  .nullish()
  .transform((value) => value || undefined)

export const subscribeSchema = z.object({
  email: emailSchema,
  lists: listIds.refine((ids) => ids.length > 0, 'choose at least one list'),
  name: nameField,
  locale,
})

export const manageSchema = z.object({ email: emailSchema, locale })

/** The preferences page's address change: the new address. */
export const addressChangeSchema = z.object({ new_email: emailSchema })

export const preferencesSchema = z.object({
  action: z
    .enum(['save', 'unsubscribe_all', 'profile', 'change_email'], {
      error: 'action must be save, unsubscribe_all, profile or change_email',
    })
    .default('save'),
  lists: listIds,
  confirm_cancel: z.unknown().optional(),
  /** Sent by the form under a kept account list: without its tick, the page says so. */
  confirming: z.unknown().optional(),
})

/**
 * Parses `body` with `schema`; the first problem becomes one 400 with a clear message, a code
 * for the field (a bad address is `invalid_email`) and the field's name in `details.field`, so a
 * page can put the message beside it.
 *
 * @example const input = parseInput(subscribeSchema, body)
 */
export function parseInput<T extends z.ZodType>(schema: T, body: unknown): z.output<T> {
  const result = schema.safeParse(body)
  if (result.success) return result.data
  throw validationError(result.error)
}

/** Picks the locale a body asks for before validating it, so even its error page speaks it. */
export function bodyLocale(body: Record<string, unknown>) {
  const value = Array.isArray(body.locale) ? body.locale[0] : body.locale
  return typeof value === 'string' ? normalizeLocale(value) : undefined
}

const oneListId = z
  .string({ error: 'list: required (the id of one list)' })
  .trim()
  .min(1, 'list: required (the id of one list)')
  .max(64, 'list: the id is too long')

/** `POST /preferences/:token/pause`: one list, for 1 or 3 months (a form's "1", or JSON's 1). */
export const pauseSchema = z.object({
  list: oneListId,
  months: z
    .union([z.literal('1'), z.literal('3'), z.literal(1), z.literal(3)], {
      error: 'months must be 1 or 3',
    })
    .transform((months) => Number(months) as 1 | 3),
})

/** `POST /preferences/:token/resume`: the paused list to resume now. */
export const resumeSchema = z.object({ list: oneListId })
