import type { ContactRow, Db, NewConsentEvent, SubscriptionStatus } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { appendEvents } from '../../repos/consent-events.js'
import { insertContacts } from '../../repos/contacts.js'
import { enqueueRows, type NewOutboxRow } from '../../repos/outbox.js'
import { type StatusWrite, writeSubscriptionStatuses } from '../../repos/subscriptions.js'
import {
  type AppliedChange,
  type Evidence,
  planChanges,
  type SubscriptionChange,
} from './record-changes.js'

/** One contact's changes with one evidence, and its statuses as read under the batch's locks. */
export interface ContactChanges {
  contact: ContactRow
  changes: SubscriptionChange[]
  evidence: Evidence
  current: ReadonlyMap<string, SubscriptionStatus>
}

/**
 * `recordChanges` for a whole batch (an import): the same plan per contact (`planChanges`: the
 * same skipped no-ops, ledger rows and outbox rows), written with a few multi-row statements per
 * table instead of three or four statements per row. `created` contacts are inserted first.
 *
 * The caller holds the transaction, has locked the existing contacts (PostgreSQL) and read their
 * statuses after the locks; each (contact, list) appears at most once in the batch, since no
 * statement here may depend on another's write.
 *
 * @example await recordChangesInBulk(trx, deps, created, [{ contact, changes, evidence, current }])
 */
export async function recordChangesInBulk(
  trx: Db,
  deps: Pick<Deps, 'now' | 'config' | 'dbKind'>,
  created: ContactRow[],
  batch: ContactChanges[],
): Promise<AppliedChange[][]> {
  const statuses: StatusWrite[] = []
  const events: NewConsentEvent[] = []
  const outbox: NewOutboxRow[] = []
  const applied: AppliedChange[][] = []
  for (const { contact, changes, evidence, current } of batch) {
    const plan = planChanges(deps, contact, changes, evidence, current, {}, deps.now())
    for (const status of plan.statuses) statuses.push(status)
    for (const event of plan.events) events.push(event)
    for (const row of plan.outbox) outbox.push(row)
    applied.push(plan.applied)
  }
  await insertContacts(trx, deps.dbKind, created)
  await writeSubscriptionStatuses(trx, deps.dbKind, statuses)
  await appendEvents(trx, deps.dbKind, events)
  await enqueueRows(trx, deps.dbKind, outbox)
  return applied
}
