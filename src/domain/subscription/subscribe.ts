import type { ContactRow, ListRow } from '../../db/schema.js'
import { lockContact } from '../../db/locks.js'
import type { Deps } from '../../deps.js'
import { retryOnConflict } from '../../db/conflicts.js'
import { AppError } from '../../errors.js'
import { normalizeLocale, type Locale } from '../../i18n/locale.js'
import {
  findContactByEmail,
  findSubscriptions,
  insertContact,
  newContactRow,
  rewriteContact,
} from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'
import { consentWording } from './consent-text.js'
import { type Evidence, inTransaction, recordChanges } from './record-changes.js'
import { discardingMailer, sendMail } from '../../mail/send-mail.js'
import { composeConfirmationMail } from './send-confirmation.js'
import { countMailTo, ipAllowed } from '../limits/throttle.js'
import { canJoinBySelf } from './preferences.js'

export interface SubscriptionRequest {
  /** Already normalized (see `normalizeEmail`). */
  email: string
  listIds: string[]
  name?: string
  locale?: Locale
  /** Source (`form`, `admin`), IP, user agent; the consent wording is filled in when absent. */
  evidence: Evidence
}

/** What happened, for logs and tests only: callers must answer the client the same either way. */
export type SubscriptionOutcome =
  | 'mail_sent'
  | 'mail_failed'
  | 'nothing_pending'
  | 'limited_ip'
  | 'limited_address'

/**
 * Sign-up with double opt-in. Lists not yet `subscribed` become `pending` (a `subscribed` list
 * is never downgraded) and one confirmation mail covers every list still pending. Limits: the
 * per-IP hourly limit stops everything; the per-address daily limit (counted per mail) stops the
 * request before anything is stored. Unknown lists and archived lists are refused; every other
 * outcome looks the same from outside, so the answer reveals nothing about the address. A
 * person's own sign-up (source `form`) may ask only for lists they can join by themselves:
 * contract lists come with an account (`list_not_open`, 400, as on the preferences page); the
 * admin API's `confirm` may still send their opt-in mail.
 *
 * @example
 * await requestSubscription(deps, { email, listIds: ['newsletter'], evidence: { source: 'form', ip } })
 */
export async function requestSubscription(
  deps: Deps,
  request: SubscriptionRequest,
): Promise<SubscriptionOutcome> {
  const lists = await resolveLists(deps, request.listIds)
  const closed = lists.filter((list) => !canJoinBySelf(list))
  if (request.evidence.source === 'form' && closed.length > 0)
    throw new AppError(
      'list_not_open',
      'This list comes with an account: it cannot be joined here',
      {
        lists: closed.map((list) => list.id),
      },
    )
  if (!(await ipAllowed(deps, 'signup', request.evidence.ip))) return 'limited_ip'
  const limit = { counted: false }
  // A lost race (another sign-up's insert, an erasure or address change meanwhile) runs again,
  // so the answer is the one any address gets.
  return retryOnConflict(() => subscribeOnce(deps, request, lists, limit))
}

/** The requested, existing, non-archived lists, in display order; anything else is a 400. */
export async function resolveLists(deps: Pick<Deps, 'db'>, listIds: string[]): Promise<ListRow[]> {
  if (listIds.length === 0) throw new AppError('invalid_body', 'lists: choose at least one list')
  const lists = await findLists(deps.db)
  const unknown = listIds.filter((id) => !lists.some((list) => list.id === id))
  if (unknown.length > 0)
    throw new AppError(
      'unknown_list',
      `Unknown list: ${unknown.map((id) => id.slice(0, 64)).join(', ')}`,
    )
  return lists.filter((list) => listIds.includes(list.id))
}

async function subscribeOnce(
  deps: Deps,
  request: SubscriptionRequest,
  lists: ListRow[],
  limit: { counted: boolean; refund?: () => Promise<void> },
): Promise<SubscriptionOutcome> {
  const existing = await findContactByEmail(deps.db, request.email)
  const current = existing ? await findSubscriptions(deps.db, existing.id) : []
  const pending = lists.filter(
    (list) => current.find((row) => row.list_id === list.id)?.status !== 'subscribed',
  )
  // Counted once per request, even when a lost race makes us run twice, and whether or not a
  // mail follows: the count is a write, and both paths must write alike (see below).
  if (!limit.counted) {
    limit.counted = true
    const counted = await countMailTo(deps, 'confirm-mail', request.email)
    if (!counted.allowed) return 'limited_address'
    limit.refund = counted.refund
  }
  // Nothing to confirm (the address is on every list asked for): do the same work as the
  // sign-up path, one committed write and one composed mail, so that the answer's timing does
  // not tell who is subscribed. The mail is thrown away.
  if (existing && pending.length === 0) {
    await inTransaction(deps, (trx) => rewriteContact(trx, existing.id))
    await sendMail(
      { ...deps, mailer: discardingMailer },
      () => composeConfirmationMail(deps, existing, request.listIds, request.locale),
      { what: 'confirmation mail', contactId: existing.id },
    )
    return 'nothing_pending'
  }

  const now = deps.now()
  const contact: ContactRow =
    existing ??
    newContactRow(request.email, now, {
      name: request.name?.trim() || null,
      locale: request.locale,
    })
  const wording = consentWording(request.locale ?? 'en')
  const evidence: Evidence = {
    ...request.evidence,
    // undefined: the person saw our form's wording; null: a caller (admin API) that showed none.
    consentText:
      request.evidence.consentText === undefined ? wording.text : request.evidence.consentText,
    consentVersion:
      request.evidence.consentText === undefined
        ? wording.version
        : request.evidence.consentVersion,
  }
  await inTransaction(deps, async (trx) => {
    // Read again inside the transaction (before any write, under the contact's lock): a
    // confirmation that landed since the first read must not be downgraded to pending.
    const locked = existing ? await lockContact(trx, existing.id) : undefined
    // The contact moved to another address meanwhile: run again for the address asked.
    if (locked && locked.email !== request.email)
      throw new AppError('not_found', 'No contact with that address')
    const fresh = existing ? await findSubscriptions(trx, existing.id) : []
    const stillPending = pending.filter(
      (list) => fresh.find((row) => row.list_id === list.id)?.status !== 'subscribed',
    )
    // An existing contact keeps its name and language: this request proves no mailbox ownership.
    if (!existing) await insertContact(trx, contact)
    await recordChanges(
      trx,
      deps,
      contact,
      stillPending.map((list) => ({ list, to: 'pending' as const })),
      evidence,
    )
  })
  const sent = await sendMail(
    deps,
    () =>
      composeConfirmationMail(
        deps,
        contact,
        pending.map((list) => list.id),
        normalizeLocale(contact.locale) ?? request.locale,
      ),
    // The pending rows stay when sending fails, and the mail is not counted against the day: a
    // later sign-up or the expired-link page sends again.
    { what: 'confirmation mail', contactId: contact.id, onFailure: limit.refund },
  )
  if (!sent) return 'mail_failed'
  return 'mail_sent'
}
