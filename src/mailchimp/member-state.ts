import type { Deps } from '../deps.js'
import { isAwaitingConfirmation } from '../repos/mailchimp-members.js'

/**
 * Whether the person's re-subscribe went to Mailchimp as `pending` (Mailchimp held them in a
 * compliance state) and still waits for them to confirm Mailchimp's own mail: the preferences
 * page tells them to look for it.
 *
 * @example if (await awaitsMailchimpConfirmation(deps, contact.id)) showNotice()
 */
export async function awaitsMailchimpConfirmation(
  deps: Pick<Deps, 'db' | 'config'>,
  contactId: string,
): Promise<boolean> {
  if (!deps.config.mailchimp) return false
  return isAwaitingConfirmation(deps.db, contactId)
}
