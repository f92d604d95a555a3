import type { ContactRow, Db, SubscriptionRow } from '../db/schema.js'

/** Values per `IN (...)`: D1 binds at most 100 parameters per statement. */
export const IN_CHUNK = 90

/**
 * The SQL of the Mailchimp area: small durable facts in `settings`, webhook receipts, and the
 * read-only queries the sync status page needs. The outbox itself lives in src/repos/outbox.ts.
 */

export async function readSettings(db: Db, prefix: string): Promise<Map<string, string>> {
  const rows = await db
    .selectFrom('settings')
    .select(['key', 'value'])
    .where('key', 'like', `${prefix}%`)
    .execute()
  return new Map(rows.map((row) => [row.key, row.value]))
}

export async function readSetting(db: Db, key: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('settings')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst()
  return row?.value
}

export async function writeSetting(
  db: Db,
  key: string,
  value: string,
  nowMs: number,
): Promise<void> {
  await db
    .insertInto('settings')
    .values({ key, value, updated_at: nowMs })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value, updated_at: nowMs }))
    .execute()
}

export async function deleteSettings(db: Db, prefix: string): Promise<void> {
  await db.deleteFrom('settings').where('key', 'like', `${prefix}%`).execute()
}

export async function hasReceipt(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('mailchimp_webhook_receipts')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst()
  return row !== undefined
}

export async function addReceipt(
  db: Db,
  receipt: { id: string; type: string; firedAt: number; nowMs: number },
): Promise<void> {
  await db
    .insertInto('mailchimp_webhook_receipts')
    .values({
      id: receipt.id,
      type: receipt.type,
      fired_at: receipt.firedAt,
      received_at: receipt.nowMs,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}

export async function pruneReceipts(db: Db, olderThanMs: number): Promise<void> {
  await db.deleteFrom('mailchimp_webhook_receipts').where('received_at', '<', olderThanMs).execute()
}

/** Contacts that have at least one mailchimp outbox row still waiting (not done, not failed). */
export async function contactsWithWaitingSync(db: Db): Promise<Set<string>> {
  const rows = await db
    .selectFrom('outbox')
    .select('contact_id')
    .distinct()
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('contact_id', 'is not', null)
    .execute()
  return new Set(rows.map((row) => row.contact_id!))
}

/** Contact ids that have ever been subscribed to something, according to the ledger. */
export async function everSubscribed(db: Db, contactIds: string[]): Promise<Set<string>> {
  const found = new Set<string>()
  for (let i = 0; i < contactIds.length; i += IN_CHUNK) {
    const chunk = contactIds.slice(i, i + IN_CHUNK)
    const rows = await db
      .selectFrom('consent_events')
      .select('contact_id')
      .distinct()
      .where('contact_id', 'in', chunk)
      .where('to_status', '=', 'subscribed')
      .execute()
    for (const row of rows) found.add(row.contact_id)
  }
  return found
}

export interface OutboxStats {
  waiting: number
  retrying: number
  oldestWaitingAt: number | null
  failed: number
  lastFailures: Array<{
    id: string
    contact_id: string | null
    attempts: number
    failed_at: number | null
    last_error: string | null
  }>
  lastErrors: Array<{
    id: string
    contact_id: string | null
    attempts: number
    available_at: number
    last_error: string | null
  }>
}

export async function outboxStats(db: Db): Promise<OutboxStats> {
  const waiting = await db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.min('created_at').as('oldest'),
    ])
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst()
  const retrying = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('attempts', '>', 0)
    .executeTakeFirst()
  const failed = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('topic', '=', 'mailchimp')
    .where('failed_at', 'is not', null)
    .executeTakeFirst()
  const lastFailures = await db
    .selectFrom('outbox')
    .select(['id', 'contact_id', 'attempts', 'failed_at', 'last_error'])
    .where('topic', '=', 'mailchimp')
    .where('failed_at', 'is not', null)
    .orderBy('failed_at', 'desc')
    .limit(5)
    .execute()
  const lastErrors = await db
    .selectFrom('outbox')
    .select(['id', 'contact_id', 'attempts', 'available_at', 'last_error'])
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('attempts', '>', 0)
    .orderBy('id', 'desc')
    .limit(5)
    .execute()
  return {
    waiting: Number(waiting?.n ?? 0),
    retrying: Number(retrying?.n ?? 0),
    oldestWaitingAt: waiting?.oldest == null ? null : Number(waiting.oldest),
    failed: Number(failed?.n ?? 0),
    lastFailures,
    lastErrors,
  }
}

/** Contacts by id with their subscriptions, in chunks that every engine's IN accepts. */
export async function loadContactsWithSubscriptions(db: Db, ids: string[]) {
  const contacts = new Map<string, ContactRow>()
  const subscriptions = new Map<string, SubscriptionRow[]>()
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    const chunk = ids.slice(i, i + IN_CHUNK)
    for (const row of await db
      .selectFrom('contacts')
      .selectAll()
      .where('id', 'in', chunk)
      .execute())
      contacts.set(row.id, row)
    for (const row of await db
      .selectFrom('subscriptions')
      .selectAll()
      .where('contact_id', 'in', chunk)
      .execute()) {
      subscriptions.set(row.contact_id, [...(subscriptions.get(row.contact_id) ?? []), row])
    }
  }
  return { contacts, subscriptions }
}

/** Per list: when the last change of this contact's subscription to it happened (ledger time). */
export async function latestChangeByList(db: Db, contactId: string): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('consent_events')
    .select((eb) => ['list_id', eb.fn.max('occurred_at').as('at')])
    .where('contact_id', '=', contactId)
    .where('list_id', 'is not', null)
    .groupBy('list_id')
    .execute()
  return new Map(rows.map((row) => [row.list_id!, Number(row.at)]))
}

/** Contacts by address, in chunks. */
export async function contactsByEmail(db: Db, emails: string[]): Promise<Map<string, ContactRow>> {
  const found = new Map<string, ContactRow>()
  for (let i = 0; i < emails.length; i += IN_CHUNK) {
    for (const row of await db
      .selectFrom('contacts')
      .selectAll()
      .where('email', 'in', emails.slice(i, i + IN_CHUNK))
      .execute())
      found.set(row.email, row)
  }
  return found
}

/** Active, unrestricted contacts subscribed to at least one of `listIds`: the ones Mailchimp should hold. */
export async function contactsExpectedInMailchimp(
  db: Db,
  listIds: string[],
): Promise<Array<{ id: string; email: string }>> {
  if (listIds.length === 0) return []
  return db
    .selectFrom('contacts')
    .select(['contacts.id', 'contacts.email'])
    .distinct()
    .innerJoin('subscriptions', 'subscriptions.contact_id', 'contacts.id')
    .where('subscriptions.status', '=', 'subscribed')
    .where('subscriptions.list_id', 'in', listIds)
    .where('contacts.status', '=', 'active')
    .where('contacts.restricted', '=', 0)
    .execute()
}

/** When the next waiting mailchimp row becomes due, if any. */
export async function nextDueAt(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('available_at').as('at'))
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst()
  return row?.at == null ? undefined : Number(row.at)
}

/**
 * For the given contacts: the oldest mailchimp row another drainer holds under a live lease.
 * Lets a drainer leave a contact alone while another one is sending it, so that two states of
 * one contact never race each other to Mailchimp.
 */
export async function rowsHeldByOthers(
  db: Db,
  claimToken: string,
  contactIds: string[],
  nowMs: number,
): Promise<Map<string, string>> {
  const held = new Map<string, string>()
  for (let i = 0; i < contactIds.length; i += IN_CHUNK) {
    const rows = await db
      .selectFrom('outbox')
      .select((eb) => ['contact_id', eb.fn.min('id').as('first')])
      .where('topic', '=', 'mailchimp')
      .where('contact_id', 'in', contactIds.slice(i, i + IN_CHUNK))
      .where('claimed_by', '!=', claimToken)
      .where('claimed_until', '>', nowMs)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .groupBy('contact_id')
      .execute()
    for (const row of rows) held.set(row.contact_id!, String(row.first))
  }
  return held
}

/** Gives claimed rows back untouched (no attempt counted), for a later pass. */
export async function releaseClaims(db: Db, claimToken: string, ids: string[]): Promise<void> {
  for (let i = 0; i < ids.length; i += IN_CHUNK) {
    await db
      .updateTable('outbox')
      .set({ claimed_by: null, claimed_until: null })
      .where('id', 'in', ids.slice(i, i + IN_CHUNK))
      .where('claimed_by', '=', claimToken)
      .execute()
  }
}
