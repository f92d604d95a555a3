import { z } from 'zod'
import type { ContactRow, OutboxRow, SubscriptionRow } from '../db/schema.js'
import { holdingClaim } from '../background/claim-lease.js'
import type { Deps } from '../deps.js'
import { awaitingAmong } from '../repos/mailchimp-members.js'
import { claimDue, releaseClaims, rowsHeldByOthers } from '../repos/outbox.js'
import { everSubscribed, loadContactsWithSubscriptions } from '../repos/sync-contacts.js'
import { pruneReceipts } from '../repos/webhook-receipts.js'
import { randomId } from '../tokens/base64url.js'
import { moveChangedAddresses } from './address-moves.js'
import { MailchimpError, type MailchimpGateway } from './gateway.js'
import { gatewayFor } from './gateway-for.js'
import { planMember, whileAwaitingConfirmation } from './member-payload.js'
import { MemberSender, type Send } from './member-sender.js'
import { degradedProvisioning, ensureProvisioned, type Provisioning } from './provisioning.js'
import { type DrainSummary, Outcome } from './sync-outcome.js'

export { backoffMs, type DrainSummary, LAST_SUCCESS_KEY } from './sync-outcome.js'

/** Rows claimed per round; a pass runs rounds until nothing is due. */
const CLAIM_LIMIT = 5000
/** Renewed while a round runs (`holdingClaim`), so one minute is only how long a dead drainer's rows wait. */
const LEASE_MS = 60_000
/** Mailchimp's batch-subscribe endpoint takes at most 500 members. */
const BATCH_SIZE = 500
/** From this many contacts waiting in one round, batch calls replace one PUT per contact. */
const BATCH_THRESHOLD = 20
const RECEIPT_TTL_MS = 30 * 86_400_000
const payloadSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('member.sync'),
    contactId: z.string().min(1),
    // Set when the address changed: the member under this hash moves to the current address.
    previousSubscriberHash: z
      .string()
      .regex(/^[0-9a-f]{32}$/)
      .optional(),
  }),
  z.object({
    type: z.literal('member.delete_permanent'),
    subscriberHash: z.string().regex(/^[0-9a-f]{32}$/),
  }),
])

/**
 * One drain pass of the `mailchimp` outbox topic: claims due rows with a lease, coalesces them
 * per contact, sends each contact's current state (one PUT, or batch-subscribe calls of up to
 * 500 when many wait), runs erasures, then marks rows done, retries transient failures with
 * exponential backoff and jitter, and fails permanent ones with Mailchimp's problem detail.
 * Safe to run from several processes at once (leases); never throws for remote failures.
 *
 * @example const summary = await drainMailchimp(deps)
 */
export async function drainMailchimp(
  deps: Deps,
  options: { maxRounds?: number; leaseMs?: number } = {},
): Promise<DrainSummary> {
  const summary: DrainSummary = {
    claimed: 0,
    sent: 0,
    deleted: 0,
    skipped: 0,
    retried: 0,
    failed: 0,
    deferred: 0,
  }
  const gateway = gatewayFor(deps)
  const settings = deps.config.mailchimp
  if (!gateway || !settings) return summary
  const maxRounds = options.maxRounds ?? 50
  const leaseMs = options.leaseMs ?? LEASE_MS
  for (let round = 0; round < maxRounds; round++) {
    const claimToken = randomId(12)
    const rows = await claimDue(deps.db, {
      topic: 'mailchimp',
      claimToken,
      limit: CLAIM_LIMIT,
      leaseMs,
      nowMs: deps.now(),
    })
    if (rows.length === 0) break
    summary.claimed += rows.length
    const resumed = await holdingClaim(deps, { topic: 'mailchimp', claimToken, leaseMs }, () =>
      drainRound(deps, gateway, settings.audienceId, claimToken, rows, summary),
    )
    if (rows.length < CLAIM_LIMIT && !resumed) break
  }
  // Housekeeping only on idle passes, so it never delays a change on its way out.
  if (summary.claimed === 0) await pruneReceipts(deps.db, deps.now() - RECEIPT_TTL_MS)
  else deps.logger.info('mailchimp sync pass', { ...summary })
  return summary
}

/** One round's rows, sorted by what they ask for. */
interface SortedRows {
  /** Per contact: its member.sync rows (coalesced: one send of the current state). */
  syncRows: Map<string, OutboxRow[]>
  deletes: Array<{ row: OutboxRow; hash: string }>
  /** The previous addresses (hashes, oldest first) of contacts whose address changed since. */
  moves: Map<string, string[]>
}

/**
 * The steps of one round: sort, erase, leave held contacts to others, then send the rest. True
 * when Mailchimp answered again after an outage and the rows waiting for it are due now.
 */
async function drainRound(
  deps: Deps,
  gateway: MailchimpGateway,
  audienceId: string,
  claimToken: string,
  rows: OutboxRow[],
  summary: DrainSummary,
): Promise<boolean> {
  const outcome = new Outcome(deps, summary)
  const sorted = await sortRows(rows, outcome)
  const work = sorted.deletes.map((item) => deleteMember(gateway, audienceId, item, outcome))
  await deferHeldContacts(deps, claimToken, sorted.syncRows, summary)
  if (sorted.syncRows.size > 0) work.push(syncContacts(deps, gateway, audienceId, sorted, outcome))
  await Promise.all(work)
  return outcome.flush()
}

/** Parses each row's payload; an unreadable one fails at once (it can never succeed). */
async function sortRows(rows: OutboxRow[], outcome: Outcome): Promise<SortedRows> {
  const sorted: SortedRows = { syncRows: new Map(), deletes: [], moves: new Map() }
  for (const row of rows) {
    const parsed = payloadSchema.safeParse(safeJson(row.payload))
    if (!parsed.success) {
      await outcome.fail([row], 'unknown outbox payload')
      continue
    }
    if (parsed.data.type === 'member.delete_permanent') {
      sorted.deletes.push({ row, hash: parsed.data.subscriberHash })
      continue
    }
    const { contactId, previousSubscriberHash } = parsed.data
    sorted.syncRows.set(contactId, [...(sorted.syncRows.get(contactId) ?? []), row])
    const earlier = sorted.moves.get(contactId) ?? []
    if (previousSubscriberHash && !earlier.includes(previousSubscriberHash))
      sorted.moves.set(contactId, [...earlier, previousSubscriberHash])
  }
  return sorted
}

async function deleteMember(
  gateway: MailchimpGateway,
  audienceId: string,
  { row, hash }: { row: OutboxRow; hash: string },
  outcome: Outcome,
): Promise<void> {
  try {
    await gateway.deletePermanent(audienceId, hash)
    outcome.summary.deleted++
    outcome.answered([row])
  } catch (error) {
    await outcome.failure([row], error)
  }
}

/**
 * Another drainer (another instance) is sending an older change of the same contact: leave
 * the contact to it and come back later, so its states reach Mailchimp in order.
 */
async function deferHeldContacts(
  deps: Deps,
  claimToken: string,
  syncRows: Map<string, OutboxRow[]>,
  summary: DrainSummary,
): Promise<void> {
  if (syncRows.size === 0) return
  const held = await rowsHeldByOthers(deps.db, claimToken, [...syncRows.keys()], deps.now())
  const deferred: string[] = []
  for (const [contactId, first] of held) {
    const mine = syncRows.get(contactId)!
    if (first < mine[0]!.id) {
      deferred.push(...mine.map((row) => row.id))
      syncRows.delete(contactId)
    }
  }
  if (deferred.length === 0) return
  await releaseClaims(deps.db, claimToken, deferred)
  summary.deferred += deferred.length
}

/** Sends the current state of every contact with sync rows: provision, move, plan, send. */
async function syncContacts(
  deps: Deps,
  gateway: MailchimpGateway,
  audienceId: string,
  { syncRows, moves }: SortedRows,
  outcome: Outcome,
): Promise<void> {
  const provisioning = await provision(deps, gateway, audienceId)
  if (provisioning instanceof Error) {
    // Mailchimp is unreachable: every sync row of the round waits for the next attempt.
    for (const rowsOfContact of syncRows.values())
      await outcome.failure(rowsOfContact, provisioning)
    return
  }
  const { contacts, subscriptions } = await loadContactsWithSubscriptions(deps.db, [
    ...syncRows.keys(),
  ])
  const confirmed = await confirmedContacts(deps, [...syncRows.keys()], subscriptions)
  for (const contactId of moves.keys()) {
    // Left to another drainer (deferHeldContacts): its moves go with it. Without this, the
    // contact, not loaded here, looked erased, and its live member was deleted permanently.
    if (!syncRows.has(contactId)) moves.delete(contactId)
    // Mailchimp never heard of a contact that never confirmed: its new address is not sent either.
    else if (contacts.has(contactId) && !confirmed.has(contactId)) moves.delete(contactId)
  }
  await moveChangedAddresses(gateway, audienceId, moves, contacts, syncRows, outcome)
  const sends = await planSends(deps, contacts, subscriptions, syncRows, provisioning, outcome, {
    confirmed,
  })
  const sender = new MemberSender(deps, gateway, audienceId, outcome)
  if (sends.length < BATCH_THRESHOLD) {
    await Promise.all(sends.map((send) => sender.putOne(send)))
    return
  }
  const chunks: Send[][] = []
  for (let i = 0; i < sends.length; i += BATCH_SIZE) chunks.push(sends.slice(i, i + BATCH_SIZE))
  await Promise.all(chunks.map((chunk) => sender.putBatch(chunk)))
}

/**
 * The interest ids to send with. A permanent refusal sends without the missing ids (the
 * status matters most; provisioning is tried again on the next pass); a transient failure is
 * returned as the error every row of the round retries with.
 */
async function provision(
  deps: Deps,
  gateway: MailchimpGateway,
  audienceId: string,
): Promise<Provisioning | MailchimpError | Error> {
  try {
    return await ensureProvisioned(deps, gateway, audienceId)
  } catch (error) {
    if (!(error instanceof MailchimpError) || error.retryable)
      return error instanceof Error ? error : new Error(String(error))
    deps.logger.warn('mailchimp provisioning refused; sending without interests', {
      status: error.status,
      title: error.title,
    })
    return degradedProvisioning(deps, audienceId)
  }
}

/** What each contact's member should be now; contacts not to send are done at once. */
async function planSends(
  deps: Deps,
  contacts: Map<string, ContactRow>,
  subscriptions: Map<string, SubscriptionRow[]>,
  syncRows: Map<string, OutboxRow[]>,
  provisioning: Provisioning,
  outcome: Outcome,
  { confirmed }: { confirmed: Set<string> },
): Promise<Send[]> {
  const contactIds = [...syncRows.keys()]
  const awaiting = await awaitingAmong(deps.db, contactIds)
  const sends: Send[] = []
  for (const contactId of contactIds) {
    const rows = syncRows.get(contactId)!
    const plan = await planMember(
      deps,
      contacts.get(contactId),
      subscriptions.get(contactId) ?? [],
      provisioning,
      confirmed.has(contactId),
    )
    if (plan.send) {
      const member = awaiting.has(contactId) ? whileAwaitingConfirmation(plan.member) : plan.member
      sends.push({ rows, contactId, member })
    } else {
      outcome.summary.skipped++
      outcome.done(rows)
    }
  }
  return sends
}

/** Contacts subscribed to a list now or at any time before (the ledger says so). */
async function confirmedContacts(
  deps: Deps,
  contactIds: string[],
  subscriptions: Map<string, SubscriptionRow[]>,
): Promise<Set<string>> {
  const subscribedNow = (id: string) =>
    (subscriptions.get(id) ?? []).some((row) => row.status === 'subscribed')
  const before = await everSubscribed(
    deps.db,
    contactIds.filter((id) => !subscribedNow(id)),
  )
  return new Set(contactIds.filter((id) => subscribedNow(id) || before.has(id)))
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
