import type { Deps } from '../deps.js'
import { countMail } from '../metrics/instruments.js'
import { type MailMessage, UndeliveredError } from './mailer.js'

/**
 * Sends a mail that the answer to the request must not wait for: where the runtime can finish
 * work after the response (Workers' waitUntil), it goes there, so a known address (mail sent)
 * and an unknown one (nothing sent) take the same time to answer. Elsewhere it is awaited.
 * Failures are logged, never shown: the client's answer is the same either way.
 *
 * @example const sent = await sendMail(deps, message, { contactId })
 */
/** A mailer that drops every message: for work done only so two paths cost the same. */
export const discardingMailer = { send: async () => undefined }

export async function sendMail(
  deps: Deps,
  compose: () => Promise<MailMessage>,
  context: {
    what: string
    contactId: string
    /**
     * Run when the mail certainly was not delivered (`UndeliveredError`: no connection, or a
     * refusal), e.g. to give back its count against the daily limit.
     */
    onFailure?: () => Promise<void>
  },
): Promise<boolean> {
  const work = compose().then((message) => deps.mailer.send(message))
  const logged = work.then(
    () => {
      countMail(deps.metrics, 'sent')
      return true
    },
    async (error: unknown) => {
      countMail(deps.metrics, 'failed')
      deps.logger.error(`${context.what} failed`, {
        contactId: context.contactId,
        error: String(error),
      })
      if (!(error instanceof UndeliveredError)) return false
      await context.onFailure?.().catch((failure: unknown) =>
        deps.logger.error(`${context.what}: its failure could not be recorded`, {
          contactId: context.contactId,
          error: String(failure),
        }),
      )
      return false
    },
  )
  if (deps.defer) {
    deps.defer(logged)
    return true
  }
  return logged
}
