import { lockContact } from '../db/locks.js'
import type { ContactRow, ListRow, SubscriptionStatus } from '../db/schema.js'
import type { Deps } from '../deps.js'
import {
  inTransaction,
  recordChanges,
  recordContactEvent,
  type AppliedChange,
  type Evidence,
} from '../domain/subscription/record-changes.js'
import { findSubscriptions, updateContact } from '../repos/contacts.js'
import { latestChangeByList } from '../repos/sync-contacts.js'

export interface RemoteDecision {
  /** Per list: the status Mailchimp says the person chose. */
  lists: Map<ListRow, Extract<SubscriptionStatus, 'subscribed' | 'unsubscribed'>>
  /** The address bounced for good: the contact becomes `cleaned`. */
  cleaned?: boolean
  /** A spam complaint: the contact is marked so nothing more is sent. */
  complained?: boolean
  /** A new opt-in through Mailchimp: a cleaned contact becomes active again. */
  reactivate?: boolean
}

export interface RemoteResult {
  applied: AppliedChange[]
  /** Lists not subscribed because Prefcenter recorded a later decision about them. */
  newerInPrefcenter: string[]
}

/**
 * Applies what a person decided in Mailchimp (webhook or reconcile) with source `mailchimp`
 * and the time Mailchimp gives, in one transaction. Opt-outs always apply (when in doubt, no
 * mail). An opt-in is skipped for a list whose last change in Prefcenter is later than that
 * time, so a late or replayed subscribe never undoes a newer opt-out. Changes already in
 * place are no-ops, so replays change nothing. Nothing here is echoed back to Mailchimp
 * (recordChanges skips the outbox for source `mailchimp`).
 *
 * @example await applyRemoteDecision(deps, contact, { lists: new Map([[list, 'unsubscribed']]) }, evidence)
 */
export async function applyRemoteDecision(
  deps: Pick<Deps, 'db' | 'now' | 'config' | 'notifyOutbox'>,
  contact: ContactRow,
  decision: RemoteDecision,
  evidence: Evidence & { occurredAt: number },
): Promise<RemoteResult> {
  return inTransaction(deps, async (trx) => {
    // Concurrent webhooks for one contact wait for each other (PostgreSQL); then reads, then writes.
    // The contact's own state is decided from its row under the lock, not the one read before.
    const locked = (await lockContact(trx, contact.id)) ?? contact
    const current = new Map(
      (await findSubscriptions(trx, contact.id)).map((row) => [row.list_id, row.status]),
    )
    const latest = await latestChangeByList(trx, contact.id)
    const newerInPrefcenter: string[] = []
    const changes = []
    for (const [list, to] of decision.lists) {
      const from = current.get(list.id)
      if (from === to || (from === undefined && to === 'unsubscribed')) continue
      // An opt-in never overrides a decision Prefcenter recorded later; an opt-out always applies.
      if (to === 'subscribed' && (latest.get(list.id) ?? -Infinity) > evidence.occurredAt) {
        newerInPrefcenter.push(list.id)
        continue
      }
      changes.push({ list, to })
    }
    const applied = await recordChanges(trx, deps, contact, changes, evidence)
    const update: { status?: 'cleaned' | 'active'; complained?: 1; updated_at?: number } = {}
    // A new opt-in through Mailchimp proves the address works again, also when the lists it
    // names were already subscribed here (Mailchimp holds the member subscribed now).
    if (decision.reactivate && locked.status === 'cleaned') {
      update.status = 'active'
      await recordContactEvent(trx, deps, locked, 'cleaned', 'active', evidence)
    }
    if (decision.cleaned && locked.status !== 'cleaned') {
      update.status = 'cleaned'
      await recordContactEvent(trx, deps, locked, locked.status, 'cleaned', evidence)
    }
    if (decision.complained && locked.complained === 0) {
      update.complained = 1
      await recordContactEvent(trx, deps, locked, null, 'complained', evidence)
    }
    if (update.status || update.complained)
      await updateContact(trx, contact.id, { ...update, updated_at: deps.now() })
    return { applied, newerInPrefcenter }
  })
}
