import type { ContactRow, EventSource, SubscriptionStatus } from '../../src/db/schema.js'
import { inTransaction, recordChanges } from '../../src/domain/subscription/record-changes.js'
import { findContactById, insertContact, newContactRow } from '../../src/repos/contacts.js'
import { findList } from '../../src/repos/lists.js'
import { statusesOf } from '../support/statuses.js'
import type { TestApp } from '../support/test-app.js'

/** Inserts a contact directly (the public flows are someone else's area). */
export async function makeContact(
  t: TestApp,
  email: string,
  fields: Partial<ContactRow> = {},
): Promise<ContactRow> {
  const row: ContactRow = { ...newContactRow(email, t.deps.now()), ...fields }
  await insertContact(t.deps.db, row)
  return row
}

/** Changes subscriptions through the one write path, as the use-cases do. */
export async function setLists(
  t: TestApp,
  contact: ContactRow,
  statuses: Record<string, SubscriptionStatus>,
  source: EventSource = 'confirm',
): Promise<void> {
  const fresh = (await findContactById(t.deps.db, contact.id))!
  const changes = await Promise.all(
    Object.entries(statuses).map(async ([id, to]) => ({
      list: (await findList(t.deps.db, id))!,
      to,
    })),
  )
  await inTransaction(t.deps, (trx) => recordChanges(trx, t.deps, fresh, changes, { source }))
}

/** A contact's status per list id (see test/support/statuses.ts). */
export const subscriptionsOf = statusesOf

export async function outboxRows(t: TestApp) {
  return t.deps.db
    .selectFrom('outbox')
    .selectAll()
    .where('topic', '=', 'mailchimp')
    .orderBy('id')
    .execute()
}

/** Many subscribed contacts in one transaction (fast): one outbox row each. */
export async function makeSubscribedMany(
  t: TestApp,
  count: number,
  prefix: string,
): Promise<ContactRow[]> {
  const list = (await findList(t.deps.db, 'newsletter'))!
  const now = t.deps.now()
  const contacts: ContactRow[] = Array.from({ length: count }, (_, i) =>
    newContactRow(`${prefix}${i}@example.com`, now),
  )
  await inTransaction(t.deps, async (trx) => {
    for (const contact of contacts) {
      await insertContact(trx, contact)
      await recordChanges(trx, t.deps, contact, [{ list, to: 'subscribed' }], { source: 'confirm' })
    }
  })
  return contacts
}
