import { OpenAPIHono, z } from '@hono/zod-openapi'
import { AppError } from '../../errors.js'
import { holdsUnstorable, UNSTORABLE_MESSAGE } from '../../http/fields.js'
import { validationError } from '../../http/validation-error.js'
import type { AppEnv } from '../../http/env.js'

/**
 * An admin sub-app whose route schemas also feed the OpenAPI document. A validation failure
 * becomes the one error envelope (400 `invalid_body`, or `invalid_query`), naming the field but never its value.
 *
 * @example const listRoutes = adminApp(); listRoutes.openapi(route, handler)
 */
export function adminApp() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      const target = result.target === 'query' ? 'query' : 'body'
      if (!result.success) throw validationError(result.error, target)
      if (holdsUnstorable(result.data))
        throw new AppError(
          target === 'query' ? 'invalid_query' : 'invalid_body',
          UNSTORABLE_MESSAGE,
        )
    },
  })
}

/** The error envelope every failure uses. */
export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }) })
  .openapi('Error')

const errorResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ErrorSchema } },
})

/** Responses every admin operation may give besides its own. */
export const commonErrors = {
  400: errorResponse('Invalid input'),
  401: errorResponse('Missing or wrong credentials'),
  403: errorResponse('A read-only key on a write operation'),
} as const

export const notFound = { 404: errorResponse('Not found') } as const
export const conflict = { 409: errorResponse('Conflict with the current state') } as const
export const unprocessable = {
  422: errorResponse('A rule refused the change (consent_required, suppressed)'),
} as const

/** `{email}` in a path: the URL-encoded address. */
export const EmailParam = z.object({
  email: z
    .string()
    .max(1024)
    .openapi({
      param: { name: 'email', in: 'path' },
      description: 'The address, URL-encoded (normalized: case and surrounding spaces ignored)',
      example: 'ada%40example.com',
    }),
})

/** Every operation needs a bearer credential; the document says which scope. */
export const security = [{ bearer: [] }]

/** Parses epoch milliseconds or an ISO 8601 date. */
export const timeParam = z
  .string()
  .max(40)
  .transform((text, ctx) => {
    const ms = /^\d{1,15}$/.test(text) ? Number(text) : Date.parse(text)
    if (!Number.isFinite(ms)) {
      ctx.addIssue({ code: 'custom', message: 'expected epoch milliseconds or an ISO 8601 date' })
      return z.NEVER
    }
    return ms
  })
