import type { Transaction } from 'kysely'
import type {
  ContactRow,
  Database,
  Db,
  EventSource,
  LegalBasis,
  ListRow,
  SubscriptionStatus,
} from '../../db/schema.js'
import { lockContact } from '../../db/locks.js'
import type { Deps } from '../../deps.js'
import { sortableId } from '../../ids.js'
import { findSubscriptions } from '../../repos/contacts.js'
import { appendEvent } from '../../repos/consent-events.js'
import { writeSubscriptionStatus } from '../../repos/subscriptions.js'
import { queueHostEvent } from '../../host-webhooks/queue-event.js'
import { enqueue } from '../../repos/outbox.js'

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
    /** The contact's statuses by list id when the caller read them already (bulk import): skips the read. */
    current?: ReadonlyMap<string, SubscriptionStatus>
  } = {},
): Promise<AppliedChange[]> {
  const now = deps.now()
  // PostgreSQL: a concurrent writer of this contact waits here until we commit (no-op elsewhere).
  await lockContact(trx, contact.id)
  const current = new Map(
    options.current ??
      (await findSubscriptions(trx, contact.id)).map((row) => [row.list_id, row.status]),
  )
  const applied: AppliedChange[] = []
  for (const { list, to } of changes) {
    const from = current.get(list.id) ?? null
    if (from === to) continue
    await writeSubscriptionStatus(trx, { contactId: contact.id, listId: list.id, from, to }, now)
    current.set(list.id, to)
    await appendEvent(
      trx,
      ledgerRow(
        contact,
        { id: list.id, legalBasis: list.legal_basis as LegalBasis },
        from,
        to,
        evidence,
        now,
      ),
    )
    applied.push({ listId: list.id, from, to })
  }
  if (applied.length === 0) return applied
  await notifyOthers(trx, deps, contact, applied, evidence, options, now)
  return applied
}

async function notifyOthers(
  trx: Db,
  deps: Pick<Deps, 'config'>,
  contact: ContactRow,
  applied: AppliedChange[],
  evidence: Evidence,
  options: { syncToMailchimp?: boolean },
  now: number,
): Promise<void> {
  // A change that came from Mailchimp is not echoed back to it.
  const syncToMailchimp = options.syncToMailchimp ?? evidence.source !== 'mailchimp'
  // Mailchimp only hears of a contact once something is confirmed: pending-only changes stay home.
  const touchesMailchimp = applied.some(
    (change) => change.to !== 'pending' || change.from === 'subscribed',
  )
  if (syncToMailchimp && touchesMailchimp) await queueMemberSync(trx, deps, contact, now)
  for (const change of applied) {
    const data = {
      contact_id: contact.id,
      list: change.listId,
      from: change.from,
      to: change.to,
      source: evidence.source,
    }
    const at = evidence.occurredAt ?? now
    await queueHostEvent(trx, deps, contact.id, 'subscription.changed', data, now, at)
  }
}

/**
 * Queues one Mailchimp member sync for the contact (the drain sends its state as it is then),
 * unless Mailchimp is off or the contact is restricted (its restriction was sent already).
 *
 * @example await queueMemberSync(trx, deps, contact, deps.now())
 */
export async function queueMemberSync(
  trx: Db,
  deps: Pick<Deps, 'config'>,
  contact: Pick<ContactRow, 'id' | 'restricted'>,
  now: number,
): Promise<void> {
  if (!deps.config.mailchimp || contact.restricted !== 0) return
  await enqueue(trx, 'mailchimp', contact.id, { type: 'member.sync', contactId: contact.id }, now)
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
 * enqueued leaves at once instead of on the next interval.
 *
 * @example await inTransaction(deps, (trx) => recordChanges(trx, deps, contact, changes, evidence))
 */
export async function inTransaction<T>(
  deps: Pick<Deps, 'db' | 'notifyOutbox'>,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  const result = await deps.db.transaction().execute(work)
  deps.notifyOutbox?.('mailchimp')
  deps.notifyOutbox?.('host-webhook')
  return result
}
