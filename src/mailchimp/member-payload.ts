import type { ContactRow, SubscriptionRow } from '../db/schema.js'
import type { Deps } from '../deps.js'
import { preferencesUrl } from '../domain/links/links.js'
import type { MemberPayload } from './gateway.js'
import { PREFS_MERGE_TAG, type Provisioning } from './provisioning.js'

export type SkipReason = 'unknown_contact' | 'restricted' | 'cleaned' | 'never_confirmed'

export type MemberPlan = { send: true; member: MemberPayload } | { send: false; reason: SkipReason }

/**
 * Decides what Mailchimp should hold for a contact, from its current state (never from the
 * outbox row, so only the latest state is ever sent):
 * - a restricted contact is sent as `unsubscribed` with no interest (once it was ever
 *   subscribed), so Mailchimp stops mailing while Prefcenter keeps the data; lifting the
 *   restriction sends the real state again. Cleaned contacts are not sent (never resubscribed);
 * - a contact that never confirmed anything (no list subscribed now and no `subscribed` in the
 *   ledger, e.g. only pending) is not sent, so Mailchimp never sends its own opt-in mail;
 * - otherwise `subscribed` while any synced list is subscribed and not paused, else
 *   `unsubscribed`, one interest per synced list (true iff subscribed and not paused), the signed preferences link in PREFSURL, and the locale.
 *
 * @example const plan = await planMember(deps, contact, subscriptions, provisioning, false)
 */
export async function planMember(
  deps: Pick<Deps, 'tokens' | 'config' | 'now'>,
  contact: ContactRow | undefined,
  subscriptions: SubscriptionRow[],
  provisioning: Provisioning,
  wasEverSubscribed: boolean,
): Promise<MemberPlan> {
  if (!contact) return { send: false, reason: 'unknown_contact' }
  if (contact.status === 'cleaned') return { send: false, reason: 'cleaned' }
  const restricted = contact.restricted === 1
  const subscribed = new Set(
    restricted
      ? []
      : subscriptions
          // A paused list is still subscribed here, but Mailchimp must not mail it meanwhile.
          .filter((row) => row.status === 'subscribed' && row.paused_until === null)
          .map((row) => row.list_id),
  )
  const confirmed = wasEverSubscribed || subscriptions.some((row) => row.status === 'subscribed')
  if (restricted && !confirmed) return { send: false, reason: 'restricted' }
  const anySubscribed = provisioning.listIds.some((listId) => subscribed.has(listId))
  if (!anySubscribed && !confirmed) return { send: false, reason: 'never_confirmed' }
  const interests: Record<string, boolean> = {}
  for (const [listId, interest] of provisioning.interests)
    interests[interest.id] = subscribed.has(listId)
  const status = anySubscribed ? 'subscribed' : 'unsubscribed'
  const member: MemberPayload = {
    email_address: contact.email,
    status,
    status_if_new: status,
    interests,
    merge_fields: provisioning.prefsUrlField
      ? { [PREFS_MERGE_TAG]: await preferencesUrl(deps, contact) }
      : {},
  }
  if (contact.locale) member.language = contact.locale
  return { send: true, member }
}

/**
 * The member to send for a contact that awaits Mailchimp's own confirmation (its re-subscribe
 * went out as `pending`). Setting `pending` again would mail Mailchimp's opt-in again, and
 * `subscribed` is refused until the person confirms, so while the contact still wants mail
 * the status is left out: Mailchimp keeps it, and the interests and PREFSURL still go. A
 * member that should be `unsubscribed` is sent as such.
 *
 * @example const member = awaiting ? whileAwaitingConfirmation(plan.member) : plan.member
 */
export function whileAwaitingConfirmation(member: MemberPayload): MemberPayload {
  if (member.status !== 'subscribed') return member
  const { status: _kept, ...rest } = member
  return { ...rest, status_if_new: 'pending' }
}
