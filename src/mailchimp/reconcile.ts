import type { ContactRow, ListRow } from '../db/schema.js'
import type { Deps } from '../deps.js'
import { normalizeEmail } from '../domain/subscription/email.js'
import { inTransaction } from '../domain/subscription/record-changes.js'
import { enqueue } from '../repos/outbox.js'
import type { RemoteMember } from './gateway.js'
import { gatewayFor } from './gateway-for.js'
import { applyRemoteDecision } from './inbound.js'
import { subscriberHash } from './subscriber-hash.js'
import { findContactById } from '../repos/contacts.js'
import { planMember } from './member-payload.js'
import { degradedProvisioning, ensureProvisioned, syncedLists } from './provisioning.js'
import { contactsWithWaitingSync } from '../repos/outbox-stats.js'
import { awaitingAmong, clearAwaitingConfirmation } from '../repos/mailchimp-members.js'
import {
  contactsByEmail,
  contactsExpectedInMailchimp,
  everSubscribed,
  latestChangeByList,
  loadContactsWithSubscriptions,
} from '../repos/sync-contacts.js'

const PAGE_SIZE = 1000

/** Every difference found, by contact id (never an address), and what was done about it. */
export interface ReconcileReport {
  /** Nothing was changed: the report says what a real run would do. */
  dryRun: boolean
  audienceMembers: number
  inSync: number
  /** Members of the audience with no contact in Prefcenter: reported, not imported. */
  unknownInMailchimp: number
  /** Contacts with a change still waiting in the outbox: compared again next time. */
  skippedInFlight: number
  /** Opt-outs and bounces recorded in Mailchimp, applied to Prefcenter (source mailchimp). */
  appliedFromMailchimp: Array<{
    contactId: string
    mailchimpStatus: string
    lists: string[]
    cleaned: boolean
  }>
  /** Contacts whose Prefcenter state was queued for Mailchimp. */
  pushed: Array<{
    contactId: string
    reason: 'missing_in_mailchimp' | 'status_differs' | 'interests_differ' | 'newer_in_prefcenter'
  }>
  /** Contacts in the audience that Prefcenter never sends (restricted, cleaned, unconfirmed). */
  notSynced: Array<{ contactId: string; reason: string; mailchimpStatus: string }>
  /**
   * Members at an address no contact holds whose PREFSURL names a contact: the address drifted
   * (a missed `upemail`, a move that never reached Mailchimp). A member of an erased contact is
   * deleted permanently (`repaired`); any other is reported, not repaired, because which
   * address is the person's own needs a decision (the member is archived only on a real run
   * when it still receives campaigns and the contact's own address is a member too).
   */
  addressDrift: Array<{
    contactId: string
    mailchimpStatus: string
    outcome: 'deleted_erased' | 'archived_duplicate' | 'not_repaired'
  }>
}

/**
 * Pages through the audience and compares every member with Prefcenter. Opt-outs and bounces
 * recorded in Mailchimp win (applied with source mailchimp) unless Prefcenter recorded a later
 * decision; consent recorded only in Prefcenter, and any other difference, is pushed by
 * queueing a member sync. Contacts with a sync already waiting are skipped.
 *
 * @example const report = await reconcile(deps)
 */
export async function reconcile(
  deps: Deps,
  options: { dryRun?: boolean } = {},
): Promise<ReconcileReport> {
  const dryRun = options.dryRun ?? false
  const gateway = gatewayFor(deps)
  const settings = deps.config.mailchimp
  if (!gateway || !settings)
    throw new Error('Mailchimp is not configured (MAILCHIMP_API_KEY, MAILCHIMP_AUDIENCE_ID)')
  const audienceId = settings.audienceId
  // A dry run creates nothing in Mailchimp either: it compares with the ids recorded so far.
  const provisioning = dryRun
    ? await degradedProvisioning(deps, audienceId)
    : await ensureProvisioned(deps, gateway, audienceId)
  const lists = await syncedLists(deps)
  const report: ReconcileReport = {
    dryRun,
    audienceMembers: 0,
    inSync: 0,
    unknownInMailchimp: 0,
    skippedInFlight: 0,
    appliedFromMailchimp: [],
    pushed: [],
    notSynced: [],
    addressDrift: [],
  }

  const remote = new Map<string, RemoteMember>()
  for (let offset = 0; ; offset += PAGE_SIZE) {
    const page = await gateway.listMembers(audienceId, offset, PAGE_SIZE)
    for (const member of page.members) {
      const email = normalizeEmail(member.email_address)
      if (email) remote.set(email, member)
    }
    if (page.members.length < PAGE_SIZE || offset + PAGE_SIZE >= page.total) break
  }
  report.audienceMembers = remote.size

  const known = await contactsByEmail(deps.db, [...remote.keys()])
  const { subscriptions } = await loadContactsWithSubscriptions(
    deps.db,
    [...known.values()].map((contact) => contact.id),
  )
  const confirmed = await everSubscribed(
    deps.db,
    [...known.values()].map((contact) => contact.id),
  )
  const waiting = await contactsWithWaitingSync(deps.db)
  const awaiting = await awaitingAmong(
    deps.db,
    [...known.values()].map((contact) => contact.id),
  )
  const toPush: ReconcileReport['pushed'] = []

  for (const [email, member] of remote) {
    const contact = known.get(email)
    if (!contact) {
      const drift = await addressDrift(deps, member, remote)
      if (drift) {
        if (!dryRun && drift.outcome !== 'not_repaired') {
          const hash = subscriberHash(member.email_address)
          if (drift.outcome === 'deleted_erased') await gateway.deletePermanent(audienceId, hash)
          else await gateway.archiveMember(audienceId, hash)
        }
        report.addressDrift.push(drift)
      } else report.unknownInMailchimp++
      continue
    }
    if (waiting.has(contact.id)) {
      report.skippedInFlight++
      continue
    }
    const plan = await planMember(
      deps,
      contact,
      subscriptions.get(contact.id) ?? [],
      provisioning,
      confirmed.has(contact.id),
    )
    // Mailchimp no longer holds the member pending: the person confirmed its mail, or left
    // again there (either webhook may never have come). The wait is over.
    if (awaiting.has(contact.id) && member.status !== 'pending' && !dryRun)
      await clearAwaitingConfirmation(deps.db, contact.id)
    const remoteOptOut = member.status === 'unsubscribed' || member.status === 'cleaned'
    const remoteChanged = member.last_changed ? Date.parse(member.last_changed) : Number.NaN
    const remoteTime = Number.isNaN(remoteChanged) ? deps.now() : remoteChanged

    if (remoteOptOut) {
      const subscribedHere = lists.filter((list) =>
        (subscriptions.get(contact.id) ?? []).some(
          (row) => row.list_id === list.id && row.status !== 'unsubscribed',
        ),
      )
      const needsCleaning = member.status === 'cleaned' && contact.status !== 'cleaned'
      if (subscribedHere.length === 0 && !needsCleaning) {
        report.inSync++
        continue
      }
      const latest = Math.max(
        -Infinity,
        ...(await latestChangeByList(deps.db, contact.id)).values(),
      )
      if (latest > remoteTime && !needsCleaning) {
        toPush.push({ contactId: contact.id, reason: 'newer_in_prefcenter' })
        continue
      }
      const changed = dryRun
        ? subscribedHere.map((list) => list.id)
        : await applyOptOut(deps, contact, subscribedHere, member, remoteTime)
      report.appliedFromMailchimp.push({
        contactId: contact.id,
        mailchimpStatus: member.status,
        lists: changed,
        cleaned: needsCleaning,
      })
      continue
    }
    if (member.status === 'archived' && plan.send && plan.member.status === 'subscribed') {
      // Archived in Mailchimp (no mail) while Prefcenter holds consent: put the member back.
      toPush.push({ contactId: contact.id, reason: 'status_differs' })
      continue
    }
    if (member.status !== 'subscribed') {
      report.inSync++
      continue
    }
    if (!plan.send) {
      report.notSynced.push({
        contactId: contact.id,
        reason: plan.reason,
        mailchimpStatus: member.status,
      })
      continue
    }
    if (plan.member.status !== 'subscribed') {
      toPush.push({ contactId: contact.id, reason: 'status_differs' })
      continue
    }
    // A list ticked off in Mailchimp after Prefcenter's last change to it is an opt-out: it wins.
    const latestByList = await latestChangeByList(deps.db, contact.id)
    const optedOut = lists.filter((list) => {
      const interest = provisioning.interests.get(list.id)
      return (
        interest &&
        plan.member.interests[interest.id] === true &&
        member.interests[interest.id] === false &&
        remoteTime > (latestByList.get(list.id) ?? -Infinity)
      )
    })
    if (optedOut.length > 0) {
      report.appliedFromMailchimp.push({
        contactId: contact.id,
        mailchimpStatus: member.status,
        lists: dryRun
          ? optedOut.map((list) => list.id)
          : await applyOptOut(deps, contact, optedOut, member, remoteTime),
        cleaned: false,
      })
    }
    const optedOutIds = new Set(optedOut.map((list) => provisioning.interests.get(list.id)!.id))
    const differs = Object.entries(plan.member.interests).some(
      ([id, wanted]) => !optedOutIds.has(id) && Boolean(member.interests[id]) !== wanted,
    )
    const noneLeft =
      optedOut.length > 0 &&
      Object.entries(plan.member.interests).every(([id, wanted]) => !wanted || optedOutIds.has(id))
    if (noneLeft) toPush.push({ contactId: contact.id, reason: 'status_differs' })
    else if (differs) toPush.push({ contactId: contact.id, reason: 'interests_differ' })
    else if (optedOut.length === 0) report.inSync++
  }

  for (const contact of await contactsExpectedInMailchimp(deps.db, [
    ...provisioning.interests.keys(),
  ])) {
    if (!remote.has(contact.email) && !waiting.has(contact.id))
      toPush.push({ contactId: contact.id, reason: 'missing_in_mailchimp' })
  }
  if (toPush.length > 0 && !dryRun) {
    await inTransaction(deps, async (trx) => {
      for (const push of toPush)
        await enqueue(
          trx,
          'mailchimp',
          push.contactId,
          { type: 'member.sync', contactId: push.contactId },
          deps.now(),
        )
    })
  }
  report.pushed = toPush
  deps.logger.info('mailchimp reconcile', {
    dryRun,
    members: report.audienceMembers,
    applied: report.appliedFromMailchimp.length,
    pushed: report.pushed.length,
    unknown: report.unknownInMailchimp,
  })
  return report
}

/** Applies Mailchimp's opt-out (or bounce) of these lists; returns the lists that changed. */
async function applyOptOut(
  deps: Deps,
  contact: ContactRow,
  lists: ListRow[],
  member: RemoteMember,
  remoteTime: number,
): Promise<string[]> {
  const result = await applyRemoteDecision(
    deps,
    contact,
    {
      lists: new Map(lists.map((list) => [list, 'unsubscribed' as const])),
      cleaned: member.status === 'cleaned',
    },
    {
      source: 'mailchimp',
      occurredAt: remoteTime,
      detail: { reconcile: true, mailchimp_status: member.status },
    },
  )
  return result.applied.map((change) => change.listId)
}

/**
 * Whose member this is when no contact has its address: the contact its PREFSURL was signed
 * for. Gone (erased): the member goes too. Its own address also a member that receives mail:
 * this one is a duplicate and is archived. Otherwise it is reported.
 */
async function addressDrift(
  deps: Deps,
  member: RemoteMember,
  remote: Map<string, RemoteMember>,
): Promise<ReconcileReport['addressDrift'][number] | undefined> {
  const token = member.prefsUrl?.split('/preferences/')[1]
  if (!token) return undefined
  const verified = await deps.tokens.verify(token, 'preferences', Math.floor(deps.now() / 1000))
  if (!verified.ok) return undefined
  const contactId = verified.claims.contactId
  const contact = await findContactById(deps.db, contactId)
  const base = { contactId, mailchimpStatus: member.status }
  if (!contact) return { ...base, outcome: 'deleted_erased' }
  const own = remote.get(contact.email)
  const mailed = (status: string | undefined) => status === 'subscribed' || status === 'pending'
  if (mailed(member.status) && own && mailed(own.status))
    return { ...base, outcome: 'archived_duplicate' }
  return { ...base, outcome: 'not_repaired' }
}
