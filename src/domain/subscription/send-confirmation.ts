import type { ContactRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { listText } from '../../i18n/list-text.js'
import { normalizeLocale, type Locale } from '../../i18n/locale.js'
import type { MailMessage } from '../../mail/mailer.js'
import { countMail } from '../../metrics/instruments.js'
import { confirmationMail } from '../../../views/mail/confirmation-mail.js'
import { findLists } from '../../repos/lists.js'
import { confirmUrl } from '../links/links.js'

/**
 * Composes and sends the double opt-in mail for `listIds` with a signed
 * `PUBLIC_URL/confirm/<token>` link. It does not rate-limit (callers do, see
 * `requestSubscription`) and carries no List-Unsubscribe headers: the person is on no list yet.
 * Restricted contacts get it too, because they asked for it themselves.
 *
 * @example await sendConfirmationMail(deps, contact, ['newsletter'], 'pl')
 */
export async function sendConfirmationMail(
  deps: Deps,
  contact: ContactRow,
  listIds: string[],
  locale?: Locale,
): Promise<void> {
  const message = await composeConfirmationMail(deps, contact, listIds, locale)
  try {
    await deps.mailer.send(message)
  } catch (error) {
    countMail(deps.metrics, 'failed')
    throw error
  }
  countMail(deps.metrics, 'sent')
}

/** The double opt-in mail, composed (a fresh signed link inside), not sent. */
export async function composeConfirmationMail(
  deps: Deps,
  contact: ContactRow,
  listIds: string[],
  locale?: Locale,
): Promise<MailMessage> {
  const mailLocale = locale ?? normalizeLocale(contact.locale) ?? 'en'
  const lists = await findLists(deps.db, { includeArchived: true })
  const listNames = listIds.map((id) => {
    const list = lists.find((candidate) => candidate.id === id)
    return list ? listText(mailLocale, list).name : id
  })
  const url = await confirmUrl(deps, contact, listIds)
  return confirmationMail({
    to: contact.email,
    // The name came with a sign-up nobody has confirmed yet: text an attacker typed must never
    // appear inside a genuine mail from us ("Your account is locked, verify at ...").
    name: null,
    locale: mailLocale,
    listNames,
    confirmUrl: url,
    validDays: Math.max(1, Math.round(deps.config.confirmTtlMs / 86_400_000)),
  })
}
