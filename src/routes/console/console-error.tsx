/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Context } from 'hono'
import { toAppError } from '../../app.js'
import { hasMessage, t } from '../../i18n/messages.js'
import { ConsoleMessagePage } from '../../../views/console/message-page.js'
import type { ConsoleEnv } from './console-env.js'

/**
 * Failures inside the console render in its own frame, with the session's language; the
 * status is the error code's (400 for bad input, 409 for a list with subscribers, ...).
 *
 * @example signedIn.onError(consoleError)
 */
export function consoleError(error: Error, c: Context<ConsoleEnv>) {
  const appError = toAppError(error)
  const deps = c.get('deps')
  if (appError.status >= 500)
    deps.logger.error('console request failed', {
      method: c.req.method,
      error: `${error.name}: ${error.message}`,
    })
  const locale = c.get('locale')
  const key = `error.msg.${appError.code}`
  // Messages of our own codes are safe to show and name the field; unknown ones use the catalogue.
  const message = appError.status < 500 ? appError.message : hasMessage(key) ? t(locale, key) : ''
  return c.render(
    <ConsoleMessagePage
      locale={locale}
      title={t(locale, 'error.title')}
      message={message}
      session={c.var.session}
    />,
    appError.status,
  )
}
