import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** Every failure the service reports on purpose has one of these codes. */
export const errorStatus = {
  bad_request: 400,
  invalid_body: 400,
  invalid_query: 400,
  invalid_email: 400,
  unknown_list: 400,
  invalid_token: 400,
  confirmation_required: 400,
  list_not_open: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  link_expired: 410,
  gone: 410,
  link_superseded: 410,
  link_used: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  consent_required: 422,
  suppressed: 422,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
} as const satisfies Record<string, ContentfulStatusCode>

export type ErrorCode = keyof typeof errorStatus

/**
 * The one error class: a code that maps to a status, and a message safe to show anyone
 * (never an address, a token or anything else personal).
 *
 * @example throw new AppError('unknown_list', 'Unknown list: webinarz')
 */
export class AppError extends Error {
  override name = 'AppError'

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }

  get status(): ContentfulStatusCode {
    return errorStatus[this.code]
  }
}
