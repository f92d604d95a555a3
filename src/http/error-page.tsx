import type { Context } from 'hono'
import type { AppError } from '../errors.js'
import type { AppEnv } from './env.js'
import { ErrorPage } from '../../views/pages/error-page.js'

/** The friendly page for an AppError, in the visitor's language, with the error's status. */
export function renderErrorPage(c: Context<AppEnv>, error: AppError): Response | Promise<Response> {
  return c.html(<ErrorPage locale={c.get('locale')} code={error.code} message={error.message} />, error.status)
}
