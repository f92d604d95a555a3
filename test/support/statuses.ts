import { findContactByEmail, findSubscriptions } from '../../src/repos/contacts.js'
import type { TestApp } from './test-app.js'

/**
 * A contact's status per list id, read through the product's own repositories ({} when the
 * address is unknown).
 *
 * @example expect(await statusesOf(t, 'ada@example.com')).toEqual({ newsletter: 'subscribed' })
 */
export async function statusesOf(t: TestApp, email: string): Promise<Record<string, string>> {
  const contact = await findContactByEmail(t.deps.db, email)
  if (!contact) return {}
  const rows = await findSubscriptions(t.deps.db, contact.id)
  return Object.fromEntries(rows.map((row) => [row.list_id, row.status]))
}
