import { lockLinkContact } from '../links/token-contact.js'
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
  /** Leaving it cancels the account: the page warns and asks for the explicit tick. */
  cancelsAccount: boolean
  /** While the person paused the list: when it resumes (epoch ms); else null. */
  pausedUntil: number | null
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

interface Standing {
  /** Every list, archived ones included: leaving everything leaves those too. */
  lists: ListRow[]
  statuses: Map<string, SubscriptionStatus>
  changedAt: Map<string, number>
  pausedUntil: Map<string, number>
}

async function readStanding(deps: Pick<Deps, 'db'>, contact: ContactRow): Promise<Standing> {
  const [lists, subscriptions] = await Promise.all([
    findLists(deps.db, { includeArchived: true }),
    findSubscriptions(deps.db, contact.id),
  ])
  return {
    lists,
    statuses: new Map(subscriptions.map((row) => [row.list_id, row.status])),
    changedAt: new Map(subscriptions.map((row) => [row.list_id, row.updated_at])),
    pausedUntil: new Map(
      subscriptions.flatMap((row) =>
        row.paused_until === null ? [] : [[row.list_id, Number(row.paused_until)] as const],
      ),
    ),
  }
}

function shown({ lists, statuses, changedAt, pausedUntil }: Standing): ListPreference[] {
  return lists
    .filter((list) => list.archived === 0)
    .map((list) => ({
      list,
      status: statuses.get(list.id) ?? null,
      changedAt: changedAt.get(list.id) ?? null,
      cancelsAccount: list.cancels_account === 1,
      pausedUntil: pausedUntil.get(list.id) ?? null,
    }))
}

/**
 * Every non-archived list with this contact's status on it, in display order: what the page
 * shows and a save may subscribe to.
 *
 * @example const rows = await listPreferences(deps, contact)
 */
export async function listPreferences(
  deps: Pick<Deps, 'db'>,
  contact: ContactRow,
): Promise<ListPreference[]> {
  return shown(await readStanding(deps, contact))
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
  /** A list that cancels the account was left (with the explicit tick). */
  cancellationRequested: boolean
}

/**
 * Saves the preferences page. The token proves the person holds the mailbox, so a ticked list
 * is subscribed at once (no second opt-in mail), with the consent wording of the page in the
 * ledger. Every other list the person is on is left, archived ones included (they are not
 * shown, so they cannot be wanted). Unticking an account-cancelling list without the explicit
 * confirmation refuses the whole save (`confirmation_required`): half a save would surprise
 * more than none. Ticking a list the person may not join by themselves (`canJoinBySelf`) and is
 * not on refuses the save too (`list_not_open`).
 *
 * @example await savePreferences(deps, contact, { wanted: ['newsletter'], confirmCancel: false, locale, ip, userAgent })
 */
export async function savePreferences(
  deps: Deps,
  contact: ContactRow,
  request: SaveRequest,
): Promise<SaveOutcome> {
  const standing = await readStanding(deps, contact)
  const rows = shown(standing)
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
  const subscribe = rows
    .filter((row) => request.wanted.includes(row.list.id) && row.status !== 'subscribed')
    .map((row) => row.list)
  const plan = planLeave(
    standing.lists,
    standing.statuses,
    { kind: 'all_but', wanted: request.wanted },
    request.confirmCancel,
  )
  if (plan.refused) {
    throw new AppError(
      'confirmation_required',
      'Leaving this list cancels the account: confirm with confirm_cancel=yes',
      {
        lists: plan.kept.map((list) => list.id),
      },
    )
  }
  if (subscribe.length === 0 && plan.leave.length === 0)
    return { subscribed: [], left: [], cancellationRequested: false }
  const wording = consentWording(request.locale)
  const client = { ip: request.ip, userAgent: request.userAgent, via: request.via }
  await inTransaction(deps, async (trx) => {
    // Under the lock, and still at the address the link was sent to.
    await lockLinkContact(trx, contact)
    if (subscribe.length > 0) {
      await recordChanges(
        trx,
        deps,
        contact,
        subscribe.map((list) => ({ list, to: 'subscribed' as const })),
        {
          source: 'preferences',
          ...client,
          consentText: wording.renewal,
          consentVersion: wording.version,
        },
      )
    }
    if (plan.leave.length > 0)
      await applyLeave(trx, deps, contact, plan, { source: 'preferences', ...client })
  })
  return { subscribed: subscribe, left: plan.leave, cancellationRequested: plan.cancelsAccount }
}

/**
 * The unsubscribe-from-all button: leaves every list, archived ones included, keeping account-cancelling ones unless
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
  const { lists, statuses } = await readStanding(deps, contact)
  const plan = planLeave(lists, statuses, { kind: 'all' }, request.confirmCancel)
  if (plan.leave.length === 0) return plan
  const evidence = {
    source: 'preferences' as const,
    ip: request.ip,
    userAgent: request.userAgent,
    via: request.via,
    detail: { action: 'unsubscribe_all' },
  }
  await inTransaction(deps, async (trx) => {
    await lockLinkContact(trx, contact)
    await applyLeave(trx, deps, contact, plan, evidence)
  })
  return plan
}
