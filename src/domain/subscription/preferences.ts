import type { ContactRow, ListRow, SubscriptionStatus } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import type { Locale } from '../../i18n/locale.js'
import { findSubscriptions } from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'
import { consentWording } from './consent-text.js'
import { applyLeave, planLeave, type LeavePlan } from '../leaving/leave-lists.js'
import { inTransaction, recordChanges } from './record-changes.js'

export interface ListPreference {
  list: ListRow
  /** null: never subscribed. */
  status: SubscriptionStatus | null
  /** When the status last changed (epoch ms), null when never subscribed. */
  changedAt: number | null
}

/**
 * Whether a person may join `list` by ticking it. Contract lists (call reports, technical
 * advisories) come with an account the host application manages: they are left here, never
 * joined or re-joined here.
 *
 * @example canJoinBySelf(newsletter) // true
 */
export function canJoinBySelf(list: Pick<ListRow, 'legal_basis'>): boolean {
  return list.legal_basis !== 'contract'
}

/** Whether the person is on the list now (pending counts: they asked for it). */
export function isOn(status: SubscriptionStatus | null | undefined): boolean {
  return status === 'subscribed' || status === 'pending'
}

/**
 * Every non-archived list with this contact's status on it, in display order.
 *
 * @example const rows = await listPreferences(deps, contact)
 */
export async function listPreferences(
  deps: Pick<Deps, 'db'>,
  contact: ContactRow,
): Promise<ListPreference[]> {
  const [lists, subscriptions] = await Promise.all([
    findLists(deps.db),
    findSubscriptions(deps.db, contact.id),
  ])
  const rows = new Map(subscriptions.map((row) => [row.list_id, row]))
  return lists.map((list) => ({
    list,
    status: rows.get(list.id)?.status ?? null,
    changedAt: rows.get(list.id)?.updated_at ?? null,
  }))
}

export interface SaveRequest {
  /** The lists wanted; every other list is left. */
  wanted: string[]
  confirmCancel: boolean
  locale: Locale
  ip: string | null
  userAgent: string | null
  via?: 'admin_link'
}

export interface SaveOutcome {
  subscribed: ListRow[]
  left: ListRow[]
}

/**
 * Saves the preferences page. The token proves the person holds the mailbox, so a ticked list
 * is subscribed at once (no second opt-in mail), with the consent wording of the page in the
 * ledger. Unticked lists the person is on are left. Unticking an account-cancelling list
 * without the explicit confirmation refuses the whole save (`confirmation_required`): half a
 * save would surprise more than none. Ticking a list the person may not join by themselves
 * (`canJoinBySelf`) and is not on refuses the save too (`list_not_open`).
 *
 * @example await savePreferences(deps, contact, { wanted: ['newsletter'], confirmCancel: false, locale, ip, userAgent })
 */
export async function savePreferences(
  deps: Deps,
  contact: ContactRow,
  request: SaveRequest,
): Promise<SaveOutcome> {
  const rows = await listPreferences(deps, contact)
  const unknown = request.wanted.filter((id) => !rows.some((row) => row.list.id === id))
  if (unknown.length > 0)
    throw new AppError(
      'unknown_list',
      `Unknown list: ${unknown.map((id) => id.slice(0, 64)).join(', ')}`,
    )
  const closed = rows.filter(
    (row) => request.wanted.includes(row.list.id) && !isOn(row.status) && !canJoinBySelf(row.list),
  )
  if (closed.length > 0) {
    throw new AppError(
      'list_not_open',
      'This list comes with an account: it cannot be joined here',
      {
        lists: closed.map((row) => row.list.id),
      },
    )
  }
  const statuses = new Map(
    rows.flatMap((row) => (row.status ? [[row.list.id, row.status] as const] : [])),
  )
  const subscribe = rows
    .filter((row) => request.wanted.includes(row.list.id) && row.status !== 'subscribed')
    .map((row) => row.list)
  const unwanted = rows
    .filter((row) => !request.wanted.includes(row.list.id))
    .map((row) => row.list)
  const plan = planLeave(unwanted, statuses, request.confirmCancel)
  if (plan.kept.length > 0) {
    throw new AppError(
      'confirmation_required',
      'Leaving this list cancels the account: confirm with confirm_cancel=yes',
      {
        lists: plan.kept.map((list) => list.id),
      },
    )
  }
  if (subscribe.length === 0 && plan.leave.length === 0) return { subscribed: [], left: [] }
  const wording = consentWording(request.locale)
  const client = { ip: request.ip, userAgent: request.userAgent, via: request.via }
  await inTransaction(deps, async (trx) => {
    if (subscribe.length > 0) {
      await recordChanges(
        trx,
        deps,
        contact,
        subscribe.map((list) => ({ list, to: 'subscribed' as const })),
        {
          source: 'preferences',
          ...client,
          consentText: wording.text,
          consentVersion: wording.version,
        },
      )
    }
    if (plan.leave.length > 0)
      await applyLeave(trx, deps, contact, plan, { source: 'preferences', ...client })
  })
  return { subscribed: subscribe, left: plan.leave }
}

/**
 * The unsubscribe-from-all button: leaves every list, keeping account-cancelling ones unless
 * confirmed (same rule as an all-lists unsubscribe link).
 *
 * @example const { kept } = await leaveAll(deps, contact, { confirmCancel: false, ip, userAgent })
 */
export async function leaveAll(
  deps: Deps,
  contact: ContactRow,
  request: {
    confirmCancel: boolean
    ip: string | null
    userAgent: string | null
    via?: 'admin_link'
  },
): Promise<LeavePlan> {
  const rows = await listPreferences(deps, contact)
  const statuses = new Map(
    rows.flatMap((row) => (row.status ? [[row.list.id, row.status] as const] : [])),
  )
  const plan = planLeave(
    rows.map((row) => row.list),
    statuses,
    request.confirmCancel,
  )
  if (plan.leave.length === 0) return plan
  const evidence = {
    source: 'preferences' as const,
    ip: request.ip,
    userAgent: request.userAgent,
    via: request.via,
    detail: { action: 'unsubscribe_all' },
  }
  await inTransaction(deps, (trx) => applyLeave(trx, deps, contact, plan, evidence))
  return plan
}
