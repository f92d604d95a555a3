import type { Transaction } from 'kysely'
import type {
  ContactRow,
  Database,
  Db,
  EventSource,
  LegalBasis,
  ListRow,
  NewConsentEvent,
  SubscriptionStatus,
} from '../../db/schema.js'
import { isContactChangedMeanwhile } from '../../db/conflicts.js'
import { lockContact } from '../../db/locks.js'
import { AppError } from '../../errors.js'
import type { Deps } from '../../deps.js'
import { sortableId } from '../../ids.js'
import { findSubscriptions } from '../../repos/contacts.js'
import { appendEvent } from '../../repos/consent-events.js'
import { type StatusWrite, writeSubscriptionStatus } from '../../repos/subscriptions.js'
import { hostEventItem } from '../../host-webhooks/queue-event.js'
import { enqueueRow, type NewOutboxRow, type OutboxItem, outboxRow } from '../../repos/outbox.js'

/** How a change came about: the who/how/where part of the consent ledger. */
export interface Evidence {
  source: EventSource
  ip?: string | null
  userAgent?: string | null
  /** The consent wording the person saw, and its version. */
  consentText?: string | null
  consentVersion?: string | null
  /** When it happened, if not now (a Mailchimp webhook's fired_at, an import's column). */
  occurredAt?: number
  detail?: Record<string, unknown>
  /**
   * `admin_link`: done through a link minted by the admin API for another sender's mail, not
   * one we mailed to the person; kept in the ledger as `detail.via` (issue 11, item 1).
   */
  via?: 'admin_link'
}

export interface SubscriptionChange {
  list: ListRow
  to: SubscriptionStatus
}

export interface AppliedChange {
  listId: string
  from: SubscriptionStatus | null
  to: SubscriptionStatus
}

/**
 * The one place a subscription status changes. Inside the caller's transaction it writes the
 * new status, one ledger event per real change, and the outbox rows that tell Mailchimp and
 * the host application. Changes to the current status are skipped, so replays are no-ops.
 *
 * Reads happen before writes and nothing here reads its own writes: on D1 a transaction is a
 * batch of writes sent at commit.
 *
 * @example
 * await db.transaction().execute((trx) =>
 *   recordChanges(trx, deps, contact, [{ list, to: 'subscribed' }], { source: 'confirm', ip }))
 */
export async function recordChanges(
  trx: Db,
  deps: Pick<Deps, 'now' | 'config'>,
  contact: ContactRow,
  changes: SubscriptionChange[],
  evidence: Evidence,
  options: {
    syncToMailchimp?: boolean
    /** The contact's statuses by list id when the caller read them already: skips the read. */
    current?: ReadonlyMap<string, SubscriptionStatus>
  } = {},
): Promise<AppliedChange[]> {
  const now = deps.now()
  // PostgreSQL: a concurrent writer of this contact waits here until we commit (no-op elsewhere).
  await lockContact(trx, contact.id)
  const current =
    options.current ??
    new Map((await findSubscriptions(trx, contact.id)).map((row) => [row.list_id, row.status]))
  const plan = planChanges(deps, contact, changes, evidence, current, options, now)
  for (const [i, status] of plan.statuses.entries()) {
    await writeSubscriptionStatus(trx, status)
    await appendEvent(trx, plan.events[i]!)
  }
  for (const row of plan.outbox) await enqueueRow(trx, row)
  return plan.applied
}

/** What a contact's changes come to before anything is written: see `planChanges`. */
export interface ChangePlan {
  applied: AppliedChange[]
  /** The status writes, one per applied change, in order. */
  statuses: StatusWrite[]
  /** The ledger rows, one per applied change, in the same order. */
  events: NewConsentEvent[]
  /** The outbox rows that tell Mailchimp and the host application. */
  outbox: NewOutboxRow[]
}

/**
 * The rules of `recordChanges` without its reads and writes: from the contact's `current`
 * statuses, which changes are real (a change to the current status is skipped), the ledger row
 * of each and the outbox rows. `recordChanges` writes one plan statement by statement; the
 * import writes a batch of plans with multi-row statements, so both write the same rows.
 *
 * @example const plan = planChanges(deps, contact, [{ list, to: 'subscribed' }], evidence, new Map(), {}, now)
 */
export function planChanges(
  deps: Pick<Deps, 'config'>,
  contact: ContactRow,
  changes: SubscriptionChange[],
  evidence: Evidence,
  current: ReadonlyMap<string, SubscriptionStatus>,
  options: { syncToMailchimp?: boolean },
  now: number,
): ChangePlan {
  const statuses = new Map(current)
  const plan: ChangePlan = { applied: [], statuses: [], events: [], outbox: [] }
  for (const { list, to } of changes) {
    const from = statuses.get(list.id) ?? null
    if (from === to) continue
    statuses.set(list.id, to)
    plan.statuses.push({ contactId: contact.id, listId: list.id, from, to, at: now })
    const subject = { id: list.id, legalBasis: list.legal_basis as LegalBasis }
    plan.events.push(ledgerRow(contact, subject, from, to, evidence, now))
    plan.applied.push({ listId: list.id, from, to })
  }
  if (plan.applied.length === 0) return plan
  plan.outbox = notifications(deps, contact, plan.applied, evidence, options, now).map((item) =>
    outboxRow(item, now),
  )
  return plan
}

/** Whom to tell of applied changes: Mailchimp (one member sync) and the host (one event each). */
function notifications(
  deps: Pick<Deps, 'config'>,
  contact: ContactRow,
  applied: AppliedChange[],
  evidence: Evidence,
  options: { syncToMailchimp?: boolean },
  now: number,
): OutboxItem[] {
  const items: OutboxItem[] = []
  // A change that came from Mailchimp is not echoed back to it.
  const syncToMailchimp = options.syncToMailchimp ?? evidence.source !== 'mailchimp'
  // Mailchimp only hears of a contact once something is confirmed: pending-only changes stay home.
  const touchesMailchimp = applied.some(
    (change) => change.to !== 'pending' || change.from === 'subscribed',
  )
  const sync = syncToMailchimp && touchesMailchimp ? memberSyncItem(deps, contact) : null
  if (sync) items.push(sync)
  for (const change of applied) {
    const data = {
      contact_id: contact.id,
      list: change.listId,
      from: change.from,
      to: change.to,
      source: evidence.source,
    }
    const at = evidence.occurredAt ?? now
    const event = hostEventItem(deps, contact.id, 'subscription.changed', data, at)
    if (event) items.push(event)
  }
  return items
}

/**
 * The outbox item of a Mailchimp member sync for the contact (the drain sends its state as it is
 * then), or null when Mailchimp is off or the contact is restricted (its restriction was sent
 * already).
 *
 * @example const item = memberSyncItem(deps, contact)
 */
export function memberSyncItem(
  deps: Pick<Deps, 'config'>,
  contact: Pick<ContactRow, 'id' | 'restricted'>,
): OutboxItem | null {
  if (!deps.config.mailchimp || contact.restricted !== 0) return null
  return {
    topic: 'mailchimp',
    contactId: contact.id,
    payload: { type: 'member.sync', contactId: contact.id },
  }
}

/**
 * Queues one Mailchimp member sync for the contact (see `memberSyncItem`).
 *
 * @example await queueMemberSync(trx, deps, contact, deps.now())
 */
export async function queueMemberSync(
  trx: Db,
  deps: Pick<Deps, 'config'>,
  contact: Pick<ContactRow, 'id' | 'restricted'>,
  now: number,
): Promise<void> {
  const item = memberSyncItem(deps, contact)
  if (item) await enqueueRow(trx, outboxRow(item, now))
}

/** Who a ledger row is about; `email` null once the address is gone (erased, pruned). */
type LedgerSubject = Pick<ContactRow, 'id'> & { email: string | null }

/**
 * Records a change of the contact as a whole (cleaned, complained, restricted, erased, pruned)
 * in the ledger, through the same row builder as every subscription change.
 *
 * @example await recordContactEvent(trx, deps, { id, email: null }, 'pending', 'pruned', { source: 'system' })
 */
export async function recordContactEvent(
  trx: Db,
  deps: Pick<Deps, 'now'>,
  contact: LedgerSubject,
  from: string | null,
  to: string,
  evidence: Evidence,
): Promise<void> {
  const now = deps.now()
  await appendEvent(trx, ledgerRow(contact, null, from, to, evidence, now))
}

/**
 * Records a move on one list that is not a change of status (a pause and its end) in the ledger,
 * through the same row builder as every subscription change.
 *
 * @example await recordListEvent(trx, deps, contact, list, 'subscribed', 'paused', { source: 'preferences' })
 */
export async function recordListEvent(
  trx: Db,
  deps: Pick<Deps, 'now'>,
  contact: LedgerSubject,
  list: Pick<ListRow, 'id' | 'legal_basis'>,
  from: string,
  to: string,
  evidence: Evidence,
): Promise<void> {
  const now = deps.now()
  const subject = { id: list.id, legalBasis: list.legal_basis as LegalBasis }
  await appendEvent(trx, ledgerRow(contact, subject, from, to, evidence, now))
}

/** One ledger row: who, which list (none for a change of the contact as a whole), from/to, and the evidence. */
function ledgerRow(
  contact: LedgerSubject,
  list: { id: string; legalBasis: LegalBasis } | null,
  from: string | null,
  to: string,
  evidence: Evidence,
  now: number,
) {
  return {
    id: sortableId(now),
    contact_id: contact.id,
    email: contact.email,
    list_id: list?.id ?? null,
    from_status: from,
    to_status: to,
    source: evidence.source,
    legal_basis: list?.legalBasis ?? null,
    ip: evidence.ip ?? null,
    user_agent: evidence.userAgent ?? null,
    consent_text: evidence.consentText ?? null,
    consent_version: evidence.consentVersion ?? null,
    detail:
      evidence.detail || evidence.via
        ? JSON.stringify({ ...evidence.detail, ...(evidence.via ? { via: evidence.via } : {}) })
        : null,
    occurred_at: evidence.occurredAt ?? now,
    recorded_at: now,
  }
}

/**
 * Runs `work` in one transaction, then wakes the outbox drains so that what the transaction
 * enqueued leaves at once instead of on the next interval. On D1, a transaction whose contact
 * changed before its batch landed (lockContact's guard) wrote nothing and runs again, so `work`
 * does its own reads and nothing but database work (no mail, no counters outside it).
 *
 * @example await inTransaction(deps, (trx) => recordChanges(trx, deps, contact, changes, evidence))
 */
export async function inTransaction<T>(
  deps: Pick<Deps, 'db' | 'notifyOutbox'>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  let result: T
  for (let attempt = 1; ; attempt++) {
    try {
      result = await deps.db.transaction().execute(work)
      break
    } catch (error) {
      if (!isContactChangedMeanwhile(error)) throw error
      if (attempt >= GUARDED_ATTEMPTS)
        throw new AppError('conflict', 'The contact changed meanwhile; nothing was changed')
    }
  }
  deps.notifyOutbox?.('mailchimp')
  deps.notifyOutbox?.('host-webhook')
  return result
}

/** Runs of one transaction that D1 refused because its contact changed: one per racing writer. */
const GUARDED_ATTEMPTS = 20
