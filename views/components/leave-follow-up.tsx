/** @jsxRuntime automatic @jsxImportSource #jsx */
import { LEAVE_REASONS } from '../../src/domain/leaving/leave-follow-up.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { ConsentNote } from './consent-note.js'
import { FieldError } from './field-error.js'

/**
 * What the unsubscribed page offers once the unsubscribe has taken effect: an optional reason
 * (a few choices and free text) and, for 30 minutes, undo. Neither is ever asked before.
 */
export function LeaveFollowUp({
  locale,
  basePath,
  canUndo,
  askReason = true,
  reasonError,
}: {
  locale: Locale
  /** `/unsubscribe/<token>`: the forms post below it. */
  basePath: string
  canUndo: boolean
  /** False once the person gave a reason for this leave: asked once. */
  askReason?: boolean
  /** The reason form came back with nothing chosen or written. */
  reasonError?: string | undefined
}) {
  return (
    <>
      {canUndo && (
        <form method="post" action={`${basePath}/undo`}>
          <h2>{t(locale, 'undo.heading')}</h2>
          <p>{t(locale, 'undo.help')}</p>
          <ConsentNote locale={locale} kind="undo" />
          <button type="submit" class="secondary">
            {t(locale, 'undo.button')}
          </button>
        </form>
      )}
      {askReason && (
        <form method="post" action={`${basePath}/reason`}>
          <fieldset
            {...(reasonError ? { 'aria-invalid': 'true', 'aria-describedby': 'reason-error' } : {})}
          >
            <legend>{t(locale, 'reason.legend')}</legend>
            <FieldError id="reason-error" message={reasonError} />
            {LEAVE_REASONS.map((reason) => (
              <div class="choice">
                <input type="radio" id={`reason-${reason}`} name="reason" value={reason} />
                <label for={`reason-${reason}`}>{t(locale, `reason.${reason}`)}</label>
              </div>
            ))}
            <div class="field">
              <label for="reason-text">{t(locale, 'reason.text')}</label>
              <textarea id="reason-text" name="text" rows={3} maxlength={500} />
            </div>
            <button type="submit" class="secondary">
              {t(locale, 'reason.submit')}
            </button>
          </fieldset>
        </form>
      )}
    </>
  )
}
