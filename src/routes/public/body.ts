import type { Context } from 'hono'
import { AppError } from '../../errors.js'
import { holdsUnstorable, UNSTORABLE_MESSAGE } from '../../http/fields.js'

export type BodyValues = Record<string, unknown>

const FORM_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data']

/**
 * Reads a request body as plain values: JSON objects, urlencoded and multipart forms (repeated
 * fields become arrays). Malformed bodies are a 400. In `strict` mode any other content type
 * is a 415. Otherwise (buttons and RFC 8058 one-click, where the POST itself is the request) any
 * body that cannot be read counts as empty: a valid link must not fail over its body.
 *
 * @example const body = await readBody(c, { strict: true })
 */
export async function readBody(c: Context, options: { strict: boolean }): Promise<BodyValues> {
  if (!options.strict) {
    try {
      return await readBody(c, { strict: true })
    } catch {
      return {}
    }
  }
  const values = await readValues(c)
  if (holdsUnstorable(values)) throw new AppError('bad_request', UNSTORABLE_MESSAGE)
  return values
}

async function readValues(c: Context): Promise<BodyValues> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (type === 'application/json' || /^application\/[\w.+-]+\+json$/.test(type)) {
    let value: unknown
    try {
      value = await c.req.json()
    } catch {
      throw new AppError('bad_request', 'The body is not valid JSON')
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new AppError('invalid_body', 'The body must be a JSON object')
    }
    return value as BodyValues
  }
  if (type === 'application/x-www-form-urlencoded') {
    // Parsed here rather than through FormData: on Node that builds a whole Request and
    // Response around the body, the largest cost of a one-click POST.
    let text: string
    try {
      text = await c.req.text()
    } catch {
      throw new AppError('bad_request', 'The form body could not be read')
    }
    return formValues(new URLSearchParams(text))
  }
  if (FORM_TYPES.includes(type)) {
    try {
      return (await c.req.parseBody({ all: true })) as BodyValues
    } catch {
      throw new AppError('bad_request', 'The form body could not be read')
    }
  }
  throw new AppError(
    'unsupported_media_type',
    'Send application/json, application/x-www-form-urlencoded or multipart/form-data',
  )
}

/** Form fields as `parseBody({ all: true })` gives them: a repeated field (or `name[]`) is an array. */
function formValues(fields: URLSearchParams): BodyValues {
  const values: BodyValues = Object.create(null)
  for (const [key, value] of fields) {
    const before = values[key]
    if (Array.isArray(before)) before.push(value)
    else if (before !== undefined) values[key] = [before, value]
    else values[key] = key.endsWith('[]') ? [value] : value
  }
  return values
}

/** A form value that may be repeated, as an array (absent: empty). */
export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return []
  return Array.isArray(value) ? value : [value]
}

/** Whether an explicit yes was ticked (`confirm_cancel=yes`, also true/1/on). */
export function isYes(value: unknown): boolean {
  const first = Array.isArray(value) ? value[0] : value
  return (
    first === true ||
    (typeof first === 'string' && ['yes', 'true', '1', 'on'].includes(first.trim().toLowerCase()))
  )
}
