import type { ContactRow, ListRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { findSubscriptions } from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'

/**
 * The account-cancelling lists (technical advisories) the contact is on, pending or
 * subscribed. Erasing or restricting such a person stops the account's security notices, so
 * it needs the same explicit `confirm_cancel=yes` as leaving the list (issue 13, item 4).
 *
 * @example if ((await accountLists(deps, contact)).length > 0 && !confirmCancel) refuse()
 */
export async function accountLists(
  deps: Pick<Deps, 'db'>,
  contact: Pick<ContactRow, 'id'>,
): Promise<ListRow[]> {
  const [lists, subscriptions] = await Promise.all([
    findLists(deps.db, { includeArchived: true }),
    findSubscriptions(deps.db, contact.id),
  ])
  const on = new Set(
    subscriptions.filter((row) => row.status !== 'unsubscribed').map((row) => row.list_id),
  )
  return lists.filter((list) => list.cancels_account === 1 && on.has(list.id))
}
