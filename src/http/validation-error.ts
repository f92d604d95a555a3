import type { ZodError } from 'zod'
import { AppError } from '../errors.js'

/**
 * The one converter from a failed zod validation to the error envelope, used by the admin
 * routes' default hook, the public forms and the app's `onError`: the first problem, named by
 * its field but never quoting its value, as a 400 (`invalid_email` when the field is the
 * address, `invalid_query` when it came from the query string, else `invalid_body`). The
 * field's name rides in `details.field`, so a page can put the message beside it.
 *
 * @example throw validationError(result.error)
 */
export function validationError(
  error: Pick<ZodError, 'issues'>,
  target: 'query' | 'body' = 'body',
): AppError {
  const issue = error.issues[0]
  const path = issue?.path ?? []
  const where = path.length > 0 ? `${path.join('.')}: ` : ''
  return new AppError(
    path[0] === 'email' ? 'invalid_email' : target === 'query' ? 'invalid_query' : 'invalid_body',
    `${where}${issue?.message ?? 'invalid input'}`,
    { field: String(path[0] ?? '') },
  )
}
