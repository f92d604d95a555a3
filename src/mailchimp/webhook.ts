import { lockContact } from '../db/locks.js'
import type { ContactRow, ListRow } from '../db/schema.js'
import type { Deps } from '../deps.js'
import {
  inTransaction,
  recordChanges,
  recordContactEvent,
  type SubscriptionChange,
} from '../domain/subscription/record-changes.js'
import { isSuppressed } from '../domain/privacy/suppression.js'
import {
  findContactByEmail,
  findSubscriptions,
  insertContact,
  newContactRow,
  updateContact,
} from '../repos/contacts.js'
import { enqueue } from '../repos/outbox.js'
import { applyRemoteDecision } from './inbound.js'
import { CATEGORY_TITLE, storedInterests, syncedLists } from './provisioning.js'
import type { Grouping, WebhookEvent } from './webhook-payload.js'

export interface WebhookOutcome {
  status: 'applied' | 'ignored'
  /** Subscription changes written to the ledger. */
  changes: number
  reason?: string
}

/**
 * Applies one Mailchimp audience webhook to Prefcenter, with source `mailchimp` and the
 * payload's time:
 * - `unsubscribe` (unsub or delete): every synced list unsubscribed; reason `abuse` also marks
 *   the contact complained.
 * - `cleaned`: the contact becomes `cleaned` and its lists unsubscribed (`abuse`: complained).
 * - `profile`: the interests ticked become the synced lists subscribed, the others unsubscribed.
 * - `subscribe`: the lists of the interests given (or every public synced list when none is
 *   given) become subscribed, unless the address is on the suppression list; a cleaned
 *   contact becomes active again (a new opt-in through Mailchimp). Without PREFSURL in the
 *   payload, one member sync is queued to fill in the preferences link and interests.
 * - `upemail`: the address changes; if the new address already belongs to a contact, the two
 *   are merged (see mergeContacts).
 * - `campaign`: acknowledged and ignored. Unknown addresses are ignored (except `subscribe`).
 *
 * @example await handleWebhook(deps, parseWebhook(fields))
 */
export async function handleWebhook(deps: Deps, event: WebhookEvent): Promise<WebhookOutcome> {
  if (event.type === 'campaign') return { status: 'ignored', changes: 0, reason: 'campaign' }
  const evidence = {
    source: 'mailchimp' as const,
    occurredAt: event.firedAt,
    detail: { webhook: event.type } as Record<string, unknown>,
  }
  const lists = await syncedLists(deps)
  const active = lists.filter((list) => list.archived === 0)

  if (event.type === 'upemail') return changeEmail(deps, event.oldEmail, event.newEmail, evidence)

  let contact = await findContactByEmail(deps.db, event.email)
  if (event.type === 'subscribe') {
    if (await isSuppressed(deps.db, deps.config.signingKeys ?? [], event.email)) {
      return { status: 'ignored', changes: 0, reason: 'suppressed' }
    }
    const wanted =
      (await listsFromInterests(deps, active, event.interests, event.groupings)) ??
      active.filter((list) => list.public === 1)
    if (!contact) contact = await createContact(deps, event.email)
    const result = await applyRemoteDecision(
      deps,
      contact,
      { lists: new Map(wanted.map((list) => [list, 'subscribed'])), reactivate: true },
      evidence,
    )
    // Someone who joined through a Mailchimp form has no PREFSURL (nor our interests) there yet:
    // one sync fills them in. This is not an echo of the change: the status sent is the same.
    if (result.applied.length > 0 && !event.prefsUrl && deps.config.mailchimp) {
      const target = contact
      await inTransaction(deps, (trx) =>
        enqueue(
          trx,
          'mailchimp',
          target.id,
          { type: 'member.sync', contactId: target.id },
          deps.now(),
        ),
      )
    }
    return { status: 'applied', changes: result.applied.length }
  }
  if (!contact) return { status: 'ignored', changes: 0, reason: 'unknown contact' }

  if (event.type === 'unsubscribe' || event.type === 'cleaned') {
    const abuse = event.reason === 'abuse'
    evidence.detail = {
      webhook: event.type,
      reason: event.reason ?? null,
      action: event.type === 'unsubscribe' ? event.action : null,
      campaign_id: event.campaignId ?? null,
    }
    const decision = {
      lists: new Map(active.map((list) => [list, 'unsubscribed' as const])),
      cleaned: event.type === 'cleaned',
      complained: abuse,
    }
    const result = await applyRemoteDecision(deps, contact, decision, evidence)
    return { status: 'applied', changes: result.applied.length }
  }

  // profile
  const ticked = await listsFromInterests(deps, active, event.interests, event.groupings)
  if (!ticked) return { status: 'ignored', changes: 0, reason: 'no interests in profile' }
  const chosen = new Set(ticked.map((list) => list.id))
  const decision = {
    lists: new Map(
      active.map((list) => [
        list,
        chosen.has(list.id) ? ('subscribed' as const) : ('unsubscribed' as const),
      ]),
    ),
  }
  const result = await applyRemoteDecision(deps, contact, decision, evidence)
  return { status: 'applied', changes: result.applied.length }
}

/**
 * The synced lists named by the payload's interests: our category's grouping when present,
 * otherwise the comma-separated INTERESTS merge. Names match the interest name recorded at
 * provisioning (so renamed lists still match) or the list's current name. Undefined when the
 * payload says nothing about interests.
 */
async function listsFromInterests(
  deps: Deps,
  lists: ListRow[],
  interests: string[] | undefined,
  groupings: Grouping[],
): Promise<ListRow[] | undefined> {
  const audienceId = deps.config.mailchimp?.audienceId
  const stored = await storedInterests(deps, audienceId)
  const ours = groupings.find((grouping) => grouping.name === CATEGORY_TITLE)
  const names = ours ? ours.groups : interests
  if (names === undefined) return undefined
  const wanted = new Set(names.map((name) => name.toLowerCase()))
  return lists.filter(
    (list) =>
      wanted.has(list.name.toLowerCase()) ||
      wanted.has((stored.get(list.id)?.name ?? '').toLowerCase()),
  )
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
  const into = await findContactByEmail(deps.db, newEmail)
  if (!into) {
    await inTransaction(deps, async (trx) => {
      await lockContact(trx, from.id)
      await updateContact(trx, from.id, { email: newEmail, updated_at: deps.now() })
      await recordContactEvent(trx, deps, from, null, 'email_changed', evidence)
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
  let applied = 0
  await inTransaction(deps, async (trx) => {
    for (const id of [from.id, into.id].sort()) await lockContact(trx, id)
    applied += (
      await recordChanges(trx, deps, into, changes, {
        ...evidence,
        detail: { webhook: 'upemail', merged_from: from.id },
      })
    ).length
    applied += (
      await recordChanges(trx, deps, from, leave, {
        ...evidence,
        detail: { webhook: 'upemail', merged_into: into.id },
      })
    ).length
  })
  return { status: 'applied', changes: applied }
}
