import { linkVia, lockLinkContact } from '../links/token-contact.js'
import type { ContactRow, ListRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import type { Locale } from '../../i18n/locale.js'
import { findSubscriptions } from '../../repos/contacts.js'
import {
  hasLeaveReasonSince,
  LEAVE_REASON_EVENT,
  latestListChanges,
} from '../../repos/consent-events.js'
import type { TokenClaims } from '../../tokens/tokens.js'
import { consentWording } from '../subscription/consent-text.js'
import { canJoinBySelf } from '../subscription/preferences.js'
import { inTransaction, recordChanges, recordContactEvent } from '../subscription/record-changes.js'
import { findLists } from '../../repos/lists.js'
import { linkTargets } from './unsubscribe.js'

/** The answers offered after leaving; free text goes beside them. */
export const LEAVE_REASONS = ['too_many', 'not_relevant', 'never_signed_up', 'other'] as const
export type LeaveReason = (typeof LEAVE_REASONS)[number]

/** How long after leaving the unsubscribed page offers undo and asks for a reason. */
export const FOLLOW_UP_WINDOW_MS = 30 * 60_000

export interface RecentLeave {
  list: ListRow
  leftAt: number
}

/** The leaves a follow-up is about: those made through an unsubscribe link. */
const LINK_SOURCES: ReadonlySet<string> = new Set(['one_click', 'unsubscribe_page'])

/**
 * The token's lists the person left through an unsubscribe link within the follow-up window,
 * from `subscribed`: what an undo brings back and what a reason is about. A list that was only
 * pending (never confirmed) is not among them, so undo never skips the double opt-in, nor one
 * whose latest change came from elsewhere (Mailchimp, the admin API). Empty before leaving, so
 * nothing is ever asked before the unsubscribe has taken effect.
 *
 * @example const left = await recentlyLeft(deps, contact, claims)
 */
export async function recentlyLeft(
  deps: Pick<Deps, 'db' | 'now'>,
  contact: ContactRow,
  claims: TokenClaims,
): Promise<RecentLeave[]> {
  const window = await followUpWindow(deps, contact, claims)
  if (!window) return []
  const { since, scope, targets, subscriptions, changes } = window
  return targets.flatMap((list) => {
    const row = subscriptions.find((subscription) => subscription.list_id === list.id)
    const change = changes.get(list.id)
    const recorded = detailField(change?.detail ?? null, 'link')
    const leftByLink =
      change?.to_status === 'unsubscribed' &&
      change.from_status === 'subscribed' &&
      LINK_SOURCES.has(change.source) &&
      // Only leaves through a link of this kind (one list, or all lists): an all-lists link's
      // undo must not re-join a list left through that list's own link. Leaves recorded
      // before the kind was noted count as either.
      (recorded === undefined || recorded === scope.kind)
    return row?.status === 'unsubscribed' && row.updated_at >= since && leftByLink
      ? [{ list, leftAt: row.updated_at }]
      : []
  })
}

/**
 * What a follow-up looks at: the link's lists, the contact's subscriptions and the latest
 * change of each list within the window. None for a contact merged into another by an
 * upemail: its lists moved there, nothing to follow up.
 */
async function followUpWindow(
  deps: Pick<Deps, 'db' | 'now'>,
  contact: ContactRow,
  claims: TokenClaims,
) {
  if (contact.merged_into) return undefined
  const since = deps.now() - FOLLOW_UP_WINDOW_MS
  const [lists, subscriptions, changes] = await Promise.all([
    findLists(deps.db, { includeArchived: true }),
    findSubscriptions(deps.db, contact.id),
    latestListChanges(deps.db, contact.id, since),
  ])
  return { since, ...linkTargets(lists, claims), subscriptions, changes }
}

/** One field of a ledger detail (`link`, `action`), if the detail is JSON and has it. */
function detailField(detail: string | null, key: string): unknown {
  if (!detail) return undefined
  try {
    return (JSON.parse(detail) as Record<string, unknown>)[key]
  } catch {
    return undefined
  }
}

export interface LeaveReasonInput {
  reason?: LeaveReason | undefined
  text: string | undefined
  ip: string | null
  userAgent: string | null
}

/**
 * Whether the person already said why they made these recent leaves (asked once per leave).
 *
 * @example if (!(await reasonGiven(deps, contact, left))) offerTheQuestion()
 */
export async function reasonGiven(
  deps: Pick<Deps, 'db'>,
  contact: ContactRow,
  left: RecentLeave[],
): Promise<boolean> {
  if (left.length === 0) return false
  const since = Math.min(...left.map((entry) => entry.leftAt))
  return hasLeaveReasonSince(deps.db, contact.id, since)
}

/**
 * Records why a person left, once per leave, in the ledger (an event of the contact with the
 * reason and the lists in its detail; `GET /api/v1/stats` counts them). Refused (400) when the
 * link left nothing recently; a second answer for the same leave records nothing and says so
 * (`already_recorded`), so a refresh is not an error.
 *
 * @example await recordLeaveReason(deps, contact, claims, { reason: 'too_many', text: undefined, ip, userAgent })
 */
export async function recordLeaveReason(
  deps: Deps,
  contact: ContactRow,
  claims: TokenClaims,
  input: LeaveReasonInput,
): Promise<'recorded' | 'already_recorded'> {
  const left = await recentlyLeft(deps, contact, claims)
  if (left.length === 0) throw new AppError('bad_request', 'Nothing was left with this link lately')
  if (await reasonGiven(deps, contact, left)) return 'already_recorded'
  if (!input.reason && !input.text)
    throw new AppError('invalid_body', 'reason: choose or write one', { field: 'reason' })
  return inTransaction(deps, async (trx) => {
    // Asked again under the lock: two answers sent at once record one.
    await lockLinkContact(trx, contact)
    if (await reasonGiven({ db: trx }, contact, left)) return 'already_recorded'
    await recordContactEvent(trx, deps, contact, null, LEAVE_REASON_EVENT, {
      source: 'unsubscribe_page',
      ip: input.ip,
      userAgent: input.userAgent,
      via: linkVia(claims),
      detail: {
        reason: input.reason ?? 'other',
        ...(input.text ? { text: input.text } : {}),
        lists: left.map((entry) => entry.list.id),
      },
    })
    return 'recorded'
  })
}

/**
 * Undo on the unsubscribed page: re-joins the lists this link left within the follow-up window,
 * with the consent wording of the page in the ledger (the link proves the mailbox, as on the
 * preferences page). Lists that come with an account are not re-joined here. Sent again once
 * done (a refresh, a double click), it answers the same lists and records nothing. Nothing left
 * to undo: `conflict` (409).
 *
 * @example const back = await undoLeave(deps, contact, claims, { locale: 'en', ip, userAgent })
 */
export async function undoLeave(
  deps: Deps,
  contact: ContactRow,
  claims: TokenClaims,
  request: { locale: Locale; ip: string | null; userAgent: string | null },
): Promise<ListRow[]> {
  const lists = (await recentlyLeft(deps, contact, claims))
    .map((entry) => entry.list)
    .filter(canJoinBySelf)
  if (lists.length === 0) {
    const back = await alreadyBack(deps, contact, claims)
    if (back.length > 0) return back
    throw new AppError('conflict', 'Nothing to undo with this link')
  }
  const wording = consentWording(request.locale)
  await inTransaction(deps, async (trx) => {
    await lockLinkContact(trx, contact)
    await recordChanges(
      trx,
      deps,
      contact,
      lists.map((list) => ({ list, to: 'subscribed' as const })),
      {
        source: 'unsubscribe_page',
        ip: request.ip,
        userAgent: request.userAgent,
        via: linkVia(claims),
        consentText: wording.undo,
        consentVersion: wording.version,
        detail: { action: 'undo' },
      },
    )
  })
  return lists
}

/**
 * The link's lists an undo brought back within the follow-up window and that are still
 * subscribed: a repeated undo (a refresh, a double click) answers the same and changes
 * nothing. Empty when no undo happened: a link that never left anything has nothing to undo.
 */
async function alreadyBack(
  deps: Pick<Deps, 'db' | 'now'>,
  contact: ContactRow,
  claims: TokenClaims,
): Promise<ListRow[]> {
  const window = await followUpWindow(deps, contact, claims)
  if (!window) return []
  return window.targets.filter((list) => {
    const change = window.changes.get(list.id)
    const subscribed = window.subscriptions.some(
      (row) => row.list_id === list.id && row.status === 'subscribed',
    )
    return (
      subscribed &&
      change?.to_status === 'subscribed' &&
      detailField(change.detail, 'action') === 'undo'
    )
  })
}
