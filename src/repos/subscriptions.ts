import type { Db, SubscriptionStatus } from '../db/schema.js'
import type { DatabaseKind } from '../deps.js'
import { insertRows } from './insert-rows.js'

/** One change of a contact's status on a list, made at `at` (epoch milliseconds). */
export interface StatusWrite {
  contactId: string
  listId: string
  from: SubscriptionStatus | null
  to: SubscriptionStatus
  at: number
}

/**
 * Sets a contact's status on a list: inserts the row when there was none (`from` null),
 * otherwise updates it. Any change of status ends a pause: leaving a paused list leaves it, and
 * a list joined again starts unpaused.
 */
export async function writeSubscriptionStatus(db: Db, change: StatusWrite): Promise<void> {
  const { contactId, listId, from, to, at: nowMs } = change
  if (from === null) {
    await db
      .insertInto('subscriptions')
      .values({
        contact_id: contactId,
        list_id: listId,
        status: to,
        created_at: nowMs,
        updated_at: nowMs,
      })
      // A racing request may have inserted it meanwhile (D1 cannot lock): then it is an update.
      .onConflict((oc) =>
        oc
          .columns(['contact_id', 'list_id'])
          .doUpdateSet({ status: to, updated_at: nowMs, paused_until: null }),
      )
      .execute()
    return
  }
  await db
    .updateTable('subscriptions')
    .set({ status: to, updated_at: nowMs, paused_until: null })
    .where('contact_id', '=', contactId)
    .where('list_id', '=', listId)
    .execute()
}

/**
 * Sets many statuses at once (an import batch), with the same outcome as
 * `writeSubscriptionStatus` for each: one multi-row upsert per slice of the engine's parameter
 * limit. A new row is inserted; an existing one takes the new status and time, ends any pause
 * and keeps its `created_at`. Each (contact, list) may appear at most once.
 */
export async function writeSubscriptionStatuses(
  db: Db,
  kind: DatabaseKind,
  changes: StatusWrite[],
): Promise<void> {
  const rows = changes.map(({ contactId, listId, to, at }) => ({
    contact_id: contactId,
    list_id: listId,
    status: to,
    created_at: at,
    updated_at: at,
  }))
  await insertRows(db, kind, 'subscriptions', rows, UPSERT_STATUS)
}

/** `writeSubscriptionStatus`'s conflict rule, for many rows: the new status ends any pause. */
const UPSERT_STATUS =
  ' on conflict ("contact_id", "list_id") do update set "status" = excluded."status",' +
  ' "updated_at" = excluded."updated_at", "paused_until" = null'

/** Subscription statuses of the given contacts, by contact id then list id. */
export async function findStatusesOf(
  db: Db,
  contactIds: string[],
): Promise<Map<string, Map<string, SubscriptionStatus>>> {
  const byContact = new Map<string, Map<string, SubscriptionStatus>>()
  if (contactIds.length === 0) return byContact
  const rows = await db
    .selectFrom('subscriptions')
    .select(['contact_id', 'list_id', 'status'])
    .where('contact_id', 'in', contactIds)
    .execute()
  for (const row of rows) {
    const statuses = byContact.get(row.contact_id) ?? new Map<string, SubscriptionStatus>()
    statuses.set(row.list_id, row.status)
    byContact.set(row.contact_id, statuses)
  }
  return byContact
}

/**
 * One page of every subscription with its contact, ordered by (contact, list), after the given
 * position: the export streams through these so memory stays flat.
 */
export function findSubscriptionPage(
  db: Db,
  after: { contactId: string; listId: string } | undefined,
  pageSize: number,
) {
  let query = db
    .selectFrom('subscriptions as s')
    .innerJoin('contacts as c', 'c.id', 's.contact_id')
    .select([
      's.contact_id',
      's.list_id',
      's.status',
      's.updated_at',
      'c.email',
      'c.locale',
      'c.name',
    ])
    .orderBy('s.contact_id')
    .orderBy('s.list_id')
    .limit(pageSize)
  if (after) {
    const { contactId, listId } = after
    query = query.where((eb) =>
      eb.or([
        eb('s.contact_id', '>', contactId),
        eb.and([eb('s.contact_id', '=', contactId), eb('s.list_id', '>', listId)]),
      ]),
    )
  }
  return query.execute()
}
