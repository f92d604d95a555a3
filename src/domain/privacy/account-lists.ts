import type { ContactRow, ListRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { findMergedInto, findSubscriptions } from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'

/**
 * The account-cancelling lists (technical advisories) the contact is on, pending or
 * subscribed. Erasing or restricting such a person stops the account's security notices, so
 * it needs the same explicit `confirm_cancel=yes` as leaving the list (issue 13, item 4).
 *
 * With `merged`, also those of the contacts Mailchimp's upemail merged into it, which an erasure
 * takes along (a review).
 *
 * @example if ((await accountLists(deps, contact)).length > 0 && !confirmCancel) refuse()
 */
export async function accountLists(
  deps: Pick<Deps, 'db'>,
  contact: Pick<ContactRow, 'id'>,
  options: { merged?: boolean } = {},
): Promise<ListRow[]> {
  const ids = [contact.id]
  if (options.merged) ids.push(...(await findMergedInto(deps.db, contact.id)).map((one) => one.id))
  const [lists, subscriptions] = await Promise.all([
    findLists(deps.db, { includeArchived: true }),
    Promise.all(ids.map((id) => findSubscriptions(deps.db, id))).then((rows) => rows.flat()),
  ])
  const on = new Set(
    subscriptions.filter((row) => row.status !== 'unsubscribed').map((row) => row.list_id),
  )
  return lists.filter((list) => list.cancels_account === 1 && on.has(list.id))
}
