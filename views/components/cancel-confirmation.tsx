/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'

/**
 * The plain warning and the explicit tick that leaving an account-cancelling list requires.
 * The box is never pre-ticked; without it the server refuses to cancel anything.
 */
export function CancelConfirmation({ locale, listName, id = 'confirm_cancel' }: { locale: Locale; listName: string; id?: string }) {
  return (
    <div class="warning" role="note">
      <p>
        <strong>{t(locale, 'cancel.warning', { list: listName })}</strong>
      </p>
      <div class="confirm-cancel">
        <input type="checkbox" id={id} name="confirm_cancel" value="yes" />
        <label for={id}>{t(locale, 'cancel.confirm', { list: listName })}</label>
      </div>
    </div>
  )
}
