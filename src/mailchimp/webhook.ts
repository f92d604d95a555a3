import { AppError } from '../errors.js'
import { acceptsAsNew } from '../domain/subscription/email.js'
import { lockContact, lockContacts } from '../db/locks.js'
import type { ContactRow, Db, ListRow } from '../db/schema.js'
import type { Deps } from '../deps.js'
import {
  inTransaction,
  recordChanges,
  recordContactEvent,
  type SubscriptionChange,
} from '../domain/subscription/record-changes.js'
import { isSuppressed, suppressionKeys } from '../domain/privacy/suppression.js'
import { canJoinBySelf } from '../domain/subscription/preferences.js'
import {
  findContactByEmail,
  findSubscriptions,
  insertContact,
  newContactRow,
  updateContact,
} from '../repos/contacts.js'
import { enqueue } from '../repos/outbox.js'
import { applyRemoteDecision } from './inbound.js'
import { clearAwaitingConfirmation } from '../repos/mailchimp-members.js'
import { CATEGORY_TITLE, storedCategoryId, storedInterests, syncedLists } from './provisioning.js'
import { subscriberHash } from './subscriber-hash.js'
import type { WebhookEvent } from './webhook-payload.js'

export interface WebhookOutcome {
  status: 'applied' | 'ignored'
  /** Subscription changes written to the ledger. */
  changes: number
  reason?: string
}

/** An event that would add consent or move an address, sent by an audience that is not ours. */
function fromOtherAudience(deps: Deps, event: WebhookEvent): boolean {
  if (event.type !== 'subscribe' && event.type !== 'profile' && event.type !== 'upemail')
    return false
  const ours = deps.config.mailchimp?.audienceId
  return ours !== undefined && event.listId !== undefined && event.listId !== ours
}

/**
 * Applies one Mailchimp audience webhook to Prefcenter, with source `mailchimp` and the
 * payload's time. The rules (docs/mailchimp.md has them as a table):
 * - `unsubscribe` (unsub or delete) and `cleaned`: every synced list unsubscribed, always; the
 *   reason, action and campaign go into the ledger; `cleaned` makes the contact `cleaned`,
 *   reason `abuse` marks it complained and, from either event, `cleaned`.
 * - `subscribe`: the lists of our category's ticked groups (every public synced list when none
 *   is ticked, as from a hosted sign-up form) become subscribed, contract lists never (they
 *   come with an account; a ticked one in `profile` is no opt-in either), unless the address is on the
 *   suppression list; a cleaned contact becomes active again. Without PREFSURL in the payload,
 *   one member sync is queued to fill in the preferences link and interests.
 * - `profile`: unticked groups are opt-outs and always apply; ticked groups are opt-ins only
 *   for a member still subscribed (here: at least one synced list subscribed), since a profile
 *   event carries no status and a member who left keeps stale ticks. A list paused here is
 *   unticked there because we sent it so: its unticked group is no opt-out; nor is the absence
 *   of a list that has no group in Mailchimp (the audience's 60 were taken). A member who
 *   unticked every group is sent back as unsubscribed.
 * - Opt-ins never override a change Prefcenter recorded later (applyRemoteDecision).
 * - Our category is found by the id Prefcenter provisioned; when the payload has groupings but
 *   not ours (deleted or not ours), nothing changes and a warning is logged.
 * - `upemail`: the address changes (merging into a contact that already has the new address);
 *   an address on the suppression list is refused.
 * - `campaign`: acknowledged and ignored. Unknown addresses are ignored (except `subscribe`).
 * - The audience: one mirrors Prefcenter. `subscribe`, `profile` and `upemail` from another
 *   (their `data[list_id]` is not MAILCHIMP_AUDIENCE_ID) are ignored: consent given to another
 *   list is no consent here, and neither is another audience's idea of the address. `unsubscribe`
 *   and `cleaned` apply from any audience: a person's "no" and a mailbox that bounces are never
 *   wrong to honour (and Mailchimp's own documented example payload carries a foreign id).
 *
 * @example await handleWebhook(deps, parseWebhook(fields))
 */
export async function handleWebhook(deps: Deps, event: WebhookEvent): Promise<WebhookOutcome> {
  try {
    return await applyWebhook(deps, event)
  } catch (error) {
    // The contact was erased while the event was applied (lockContact): as for an unknown
    // contact, 200 and ignored, since a non-2xx makes Mailchimp retry and, past many failures,
    // disable the webhook.
    if (error instanceof AppError && error.code === 'not_found')
      return { status: 'ignored', changes: 0, reason: 'unknown contact' }
    throw error
  }
}

async function applyWebhook(deps: Deps, event: WebhookEvent): Promise<WebhookOutcome> {
  if (event.type === 'campaign') return { status: 'ignored', changes: 0, reason: 'campaign' }
  if (fromOtherAudience(deps, event)) {
    deps.logger.warn('Mailchimp webhook from another audience ignored', { type: event.type })
    return { status: 'ignored', changes: 0, reason: 'other audience' }
  }
  const evidence = {
    source: 'mailchimp' as const,
    occurredAt: event.firedAt,
    detail: { webhook: event.type } as Record<string, unknown>,
  }
  // An address Mailchimp holds that may not become a contact's here (see acceptsAsNew): 200 and
  // ignored, since a 400 makes Mailchimp retry and, past many failures, disable the webhook.
  const incoming = event.type === 'upemail' ? event.newEmail : event.email
  if ((event.type === 'upemail' || event.type === 'subscribe') && !acceptsAsNew(incoming)) {
    deps.logger.warn('Mailchimp webhook with an address not taken as new ignored', {
      type: event.type,
    })
    return { status: 'ignored', changes: 0, reason: 'address not accepted' }
  }
  if (event.type === 'upemail') return changeEmail(deps, event.oldEmail, event.newEmail, evidence)
  const active = (await syncedLists(deps)).filter((list) => list.archived === 0)
  const contact = await findContactByEmail(deps.db, event.email)
  if (event.type === 'subscribe') return subscribe(deps, event, contact, active, evidence)
  if (!contact) return { status: 'ignored', changes: 0, reason: 'unknown contact' }
  if (event.type === 'profile') return profile(deps, event, contact, active, evidence)

  evidence.detail = {
    webhook: event.type,
    reason: event.reason ?? null,
    action: event.type === 'unsubscribe' ? event.action : null,
    campaign_id: event.campaignId ?? null,
  }
  const decision = {
    lists: new Map(active.map((list) => [list, 'unsubscribed' as const])),
    // A complaint is `cleaned` whichever event carries it (the contract: a contact who
    // complained is cleaned as a whole); Mailchimp reports one as unsubscribe, reason abuse.
    cleaned: event.type === 'cleaned' || event.reason === 'abuse',
    complained: event.reason === 'abuse',
  }
  const result = await applyRemoteDecision(deps, contact, decision, evidence)
  // Mailchimp holds the member unsubscribed or cleaned now: no confirmation of it is awaited.
  await clearAwaitingConfirmation(deps.db, contact.id)
  return { status: 'applied', changes: result.applied.length }
}

type Evidence = { source: 'mailchimp'; occurredAt: number; detail: Record<string, unknown> }
type MemberEvent = Extract<WebhookEvent, { type: 'subscribe' | 'profile' }>

/** `subscribe`: an opt-in through Mailchimp (a hosted form, Mailchimp's own confirmation mail). */
async function subscribe(
  deps: Deps,
  event: MemberEvent,
  found: ContactRow | undefined,
  active: ListRow[],
  evidence: Evidence,
): Promise<WebhookOutcome> {
  if (await isSuppressed(deps.db, suppressionKeys(deps), event.email))
    return { status: 'ignored', changes: 0, reason: 'suppressed' }
  const choice = await readChoice(deps, active, event)
  // Nothing ticked (a hosted form without groups) or a category we cannot read: the public lists.
  // Never a contract list: those come with an account, not with a form (canJoinBySelf).
  const chosen =
    choice.kind === 'lists' && choice.named > 0
      ? choice.lists
      : active.filter((list) => list.public === 1)
  const wanted = chosen.filter(canJoinBySelf)
  const refused = chosen.length > wanted.length
  const contact = found ?? (await createContact(deps, event.email))
  // Mailchimp's own proof of the opt-in: where the person confirmed it (a privacy review).
  const optIn = event.type === 'subscribe' && event.optInIp ? { ip: event.optInIp } : {}
  const result = await applyRemoteDecision(
    deps,
    contact,
    { lists: new Map(wanted.map((list) => [list, 'subscribed'])), reactivate: true },
    { ...evidence, ...optIn },
  )
  // Mailchimp holds this person as subscribed now: a re-subscribe sent as `pending` is confirmed.
  await clearAwaitingConfirmation(deps.db, contact.id)
  // Someone who joined through a Mailchimp form has no PREFSURL (nor our interests) there yet:
  // one sync fills them in, also when nothing changed here (the form's groups may differ from
  // the lists held here). Not an echo: the status sent is the same, or what Prefcenter holds.
  // A refused contract list goes back unticked with the same sync.
  if (!event.prefsUrl || refused) await sendStateBack(deps, contact.id)
  return { status: 'applied', changes: result.applied.length }
}

/**
 * `profile`: the member saved Mailchimp's update-profile form (or an admin edited them). Opt-outs
 * always apply; opt-ins only while the member is still subscribed, because the event carries no
 * status and a member who left keeps the ticks of before.
 */
async function profile(
  deps: Deps,
  event: MemberEvent,
  contact: ContactRow,
  active: ListRow[],
  evidence: Evidence,
): Promise<WebhookOutcome> {
  const choice = await readChoice(deps, active, event)
  if (choice.kind === 'unknown_category') {
    deps.logger.warn('mailchimp profile webhook without our interest category; nothing changed', {
      contactId: contact.id,
    })
    return { status: 'ignored', changes: 0, reason: 'category not found' }
  }
  if (choice.kind === 'silent') return { status: 'ignored', changes: 0, reason: 'no interests' }
  const ticked = new Set(choice.lists.map((list) => list.id))
  const current = await findSubscriptions(deps.db, contact.id)
  const stillSubscribed =
    contact.status === 'active' &&
    contact.restricted === 0 &&
    current.some(
      (row) => row.status === 'subscribed' && active.some((list) => list.id === row.list_id),
    )
  // Mailchimp holds a paused list unticked because we sent it so: that is no opt-out.
  const paused = new Set(current.filter((row) => row.paused_until !== null).map((r) => r.list_id))
  const lists = new Map<ListRow, 'subscribed' | 'unsubscribed'>()
  let refused = false
  for (const list of active) {
    if (!ticked.has(list.id)) {
      if (!paused.has(list.id) && !choice.withoutGroup.has(list.id)) lists.set(list, 'unsubscribed')
    } else if (!canJoinBySelf(list)) {
      // Ticked on Mailchimp's form, but a contract list is never joined there: what we hold
      // goes back (one sync), unless the person is on it already.
      refused ||= !current.some((row) => row.list_id === list.id && row.status === 'subscribed')
    } else if (stillSubscribed) lists.set(list, 'subscribed')
  }
  const result = await applyRemoteDecision(deps, contact, { lists }, evidence)
  // Every group unticked: Mailchimp still holds the member `subscribed` (a profile event
  // carries no status), so audience-wide campaigns would still reach them. Changes from
  // Mailchimp are not sent back as such; the member's status is, once.
  const leftEverything =
    stillSubscribed &&
    result.applied.length > 0 &&
    !(await findSubscriptions(deps.db, contact.id)).some(
      // A paused list is no list Mailchimp sends for (the member payload leaves it out).
      (row) =>
        row.status === 'subscribed' &&
        row.paused_until === null &&
        active.some((list) => list.id === row.list_id),
    )
  if (refused || leftEverything) await sendStateBack(deps, contact.id)
  return { status: 'applied', changes: result.applied.length }
}

/**
 * After an `upemail` the member Mailchimp holds carries a PREFSURL for the address it left,
 * which answers 410 now (links are bound to their address): one member sync sends the link of
 * the contact that holds the new address.
 */
async function queueLinkRefresh(deps: Deps, trx: Db, contactId: string): Promise<void> {
  if (!deps.config.mailchimp) return
  await enqueue(trx, 'mailchimp', contactId, { type: 'member.sync', contactId }, deps.now())
}

/** Queues one member sync: Mailchimp is sent what Prefcenter holds (no echo of a change). */
async function sendStateBack(deps: Deps, contactId: string): Promise<void> {
  if (!deps.config.mailchimp) return
  await inTransaction(deps, (trx) =>
    enqueue(trx, 'mailchimp', contactId, { type: 'member.sync', contactId }, deps.now()),
  )
}

type Choice =
  /** The payload says nothing about groups. */
  | { kind: 'silent' }
  /** The payload has groupings, none of them the category Prefcenter provisioned. */
  | { kind: 'unknown_category' }
  /**
   * Our synced lists ticked; `named` counts the group names given (matched or not);
   * `withoutGroup` holds the ids of lists that have no group in Mailchimp (over its limit of
   * 60), which the payload can neither tick nor untick.
   */
  | { kind: 'lists'; lists: ListRow[]; named: number; withoutGroup: Set<string> }

/**
 * The synced lists ticked in the payload: our category's grouping, found by the category id
 * recorded at provisioning (by title only before anything was provisioned), else the legacy
 * comma-separated INTERESTS merge when no grouping is given. Group names match the interest
 * name recorded at provisioning (so renamed lists still match) or the list's current name.
 */
async function readChoice(deps: Deps, lists: ListRow[], event: MemberEvent): Promise<Choice> {
  const audienceId = deps.config.mailchimp?.audienceId
  const categoryId = await storedCategoryId(deps, audienceId)
  let names: string[]
  if (event.groupings.length > 0) {
    const ours = event.groupings.find((grouping) =>
      categoryId
        ? grouping.uniqueId === categoryId || grouping.id === categoryId
        : grouping.name === CATEGORY_TITLE,
    )
    if (!ours) return { kind: 'unknown_category' }
    names = ours.groups
  } else if (event.interests !== undefined) {
    names = event.interests
  } else {
    return { kind: 'silent' }
  }
  const stored = await storedInterests(deps, audienceId)
  const wanted = new Set(names.map((name) => name.toLowerCase()))
  return {
    kind: 'lists',
    named: names.length,
    // Before anything was provisioned, the ids are unknown: every list is taken as having one.
    withoutGroup: new Set(
      stored.size > 0 ? lists.filter((list) => !stored.has(list.id)).map((list) => list.id) : [],
    ),
    lists: lists.filter(
      (list) =>
        wanted.has(list.name.toLowerCase()) ||
        wanted.has((stored.get(list.id)?.name ?? '').toLowerCase()),
    ),
  }
}

async function createContact(deps: Deps, email: string): Promise<ContactRow> {
  const now = deps.now()
  const contact = newContactRow(email, now)
  try {
    await insertContact(deps.db, contact)
    return contact
  } catch (error) {
    // Mailchimp sends webhooks in parallel: another one may have created the contact meanwhile.
    const existing = await findContactByEmail(deps.db, email)
    if (existing) return existing
    throw error
  }
}

/**
 * `upemail`: the person changed their address in Mailchimp. Without a contact on the new
 * address the contact simply takes it. When the new address already has a contact, the two
 * are merged into that one: per list the more recent status wins (subscription updated_at),
 * applied with source mailchimp, and the old contact has every list unsubscribed (it keeps its
 * ledger; contacts are never deleted here).
 */
async function changeEmail(
  deps: Deps,
  oldEmail: string,
  newEmail: string,
  evidence: { source: 'mailchimp'; occurredAt: number; detail: Record<string, unknown> },
): Promise<WebhookOutcome> {
  if (oldEmail === newEmail) return { status: 'ignored', changes: 0, reason: 'same address' }
  const from = await findContactByEmail(deps.db, oldEmail)
  if (!from) return { status: 'ignored', changes: 0, reason: 'unknown contact' }
  if (await isSuppressed(deps.db, suppressionKeys(deps), newEmail)) {
    // An erased address never comes back: Mailchimp's member under it is deleted again, and the
    // contact's own state is sent once more under the address Prefcenter keeps.
    await inTransaction(deps, async (trx) => {
      await enqueue(
        trx,
        'mailchimp',
        from.id,
        { type: 'member.delete_permanent', subscriberHash: subscriberHash(newEmail) },
        deps.now(),
      )
      await enqueue(
        trx,
        'mailchimp',
        from.id,
        { type: 'member.sync', contactId: from.id },
        deps.now(),
      )
    })
    return { status: 'ignored', changes: 0, reason: 'suppressed' }
  }
  const into = await findContactByEmail(deps.db, newEmail)
  if (!into) {
    await inTransaction(deps, async (trx) => {
      await lockContact(trx, from.id)
      await updateContact(trx, from.id, { email: newEmail, updated_at: deps.now() })
      await recordContactEvent(trx, deps, from, null, 'email_changed', evidence)
      await queueLinkRefresh(deps, trx, from.id)
    })
    return { status: 'applied', changes: 0 }
  }
  const lists = await syncedLists(deps)
  const byId = new Map(lists.map((list) => [list.id, list]))
  const mine = await findSubscriptions(deps.db, from.id)
  const theirs = new Map(
    (await findSubscriptions(deps.db, into.id)).map((row) => [row.list_id, row]),
  )
  const changes: SubscriptionChange[] = []
  for (const row of mine) {
    const list = byId.get(row.list_id)
    const other = theirs.get(row.list_id)
    if (!list || row.status === 'pending') continue
    if (!other || (row.updated_at > other.updated_at && other.status !== row.status))
      changes.push({ list, to: row.status })
  }
  const leave = mine
    .filter((row) => row.status !== 'unsubscribed' && byId.has(row.list_id))
    .map((row) => ({ list: byId.get(row.list_id)!, to: 'unsubscribed' as const }))
  const applied = await inTransaction(deps, async (trx) => {
    await lockContacts(trx, [from.id, into.id])
    const joined = await recordChanges(trx, deps, into, changes, {
      ...evidence,
      detail: { webhook: 'upemail', merged_from: from.id },
    })
    const left = await recordChanges(trx, deps, from, leave, {
      ...evidence,
      detail: { webhook: 'upemail', merged_into: into.id },
    })
    // The same person's earlier address: erased with the contact it was merged into.
    await updateContact(trx, from.id, { merged_into: into.id, updated_at: deps.now() })
    await queueLinkRefresh(deps, trx, into.id)
    return joined.length + left.length
  })
  return { status: 'applied', changes: applied }
}
