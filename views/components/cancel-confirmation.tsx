/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'

/**
 * The plain warning and the explicit tick that leaving an account-cancelling list requires.
 * The box is never pre-ticked; without it the server refuses to cancel anything.
 */
export function CancelConfirmation({
  locale,
  listName,
  id = 'confirm_cancel',
  describedBy,
  checked = false,
}: {
  locale: Locale
  listName: string
  id?: string
  /** The id of the message saying the tick was missing: the box is then marked invalid. */
  describedBy?: string | undefined
  /** Only when a refused form comes back with the person's own tick: never ticked for them. */
  checked?: boolean
}) {
  return (
    <div class="warning" role="note">
      <p>
        <strong>{t(locale, 'cancel.warning', { list: listName })}</strong>
      </p>
      <div class="confirm-cancel">
        <input
          type="checkbox"
          id={id}
          name="confirm_cancel"
          value="yes"
          checked={checked}
          {...(describedBy ? { 'aria-invalid': 'true', 'aria-describedby': describedBy } : {})}
        />
        <label for={id}>{t(locale, 'cancel.confirm', { list: listName })}</label>
      </div>
    </div>
  )
}

/**
 * After an all-lists unsubscribe: one form per account-cancelling list it left alone, each with
 * its own warning and tick, posting back to the same page. `action` is the hidden action field
 * the page's POST expects, if any.
 */
export function KeptListForms({
  locale,
  kept,
  idPrefix,
  action,
}: {
  locale: Locale
  kept: string[]
  idPrefix: string
  action?: string
}) {
  return (
    <>
      {kept.map((name, index) => (
        <form method="post">
          {action && <input type="hidden" name="action" value={action} />}
          {/* Tells the server this is the confirmation: sent without the tick, it says so. */}
          <input type="hidden" name="confirming" value="yes" />
          <p>{t(locale, 'unsubscribed.kept', { list: name })}</p>
          <CancelConfirmation locale={locale} listName={name} id={`${idPrefix}${index}`} />
          <p>
            <button type="submit" class="danger">
              {t(locale, 'cancel.button')}
            </button>
          </p>
        </form>
      ))}
    </>
  )
}
