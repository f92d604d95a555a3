import type { Context } from 'hono'
import { AppError } from '../../errors.js'
import { holdsUnstorable, UNSTORABLE_MESSAGE } from '../../http/fields.js'

/**
 * The fields of a Mailchimp webhook body (form-urlencoded, as Mailchimp sends, or multipart).
 * A body that cannot be read, such as a multipart body with a broken boundary, is a 400 with
 * nothing changed, never a 500. File parts are ignored.
 *
 * @example const entries = await webhookEntries(c)
 */
export async function webhookEntries(c: Context): Promise<Array<[string, string]>> {
  const entries = await readEntries(c)
  if (holdsUnstorable(entries)) throw new AppError('bad_request', UNSTORABLE_MESSAGE)
  return entries
}

async function readEntries(c: Context): Promise<Array<[string, string]>> {
  const type = c.req.header('content-type') ?? ''
  if (type === '' || /^application\/x-www-form-urlencoded/i.test(type))
    return [...new URLSearchParams(await c.req.text())]
  if (/^multipart\/form-data/i.test(type)) {
    let form: FormData
    try {
      form = await c.req.formData()
    } catch {
      throw new AppError('bad_request', 'The multipart body could not be read')
    }
    return [...form.entries()].filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    )
  }
  throw new AppError(
    'invalid_body',
    'Expected a form-encoded (application/x-www-form-urlencoded) Mailchimp payload',
  )
}
