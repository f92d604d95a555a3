import { z } from 'zod'
import type { ContactRow, OutboxRow, SubscriptionRow } from '../db/schema.js'
import type { Deps } from '../deps.js'
import { redact } from '../logger.js'
import {
  claimDue,
  markDone,
  markFailed,
  markRetry,
  releaseClaims,
  rowsHeldByOthers,
} from '../repos/outbox.js'
import { randomId } from '../tokens/base64url.js'
import { MailchimpError, type MailchimpGateway, type MemberPayload } from './gateway.js'
import { gatewayFor } from './gateway-for.js'
import { planMember } from './member-payload.js'
import { subscriberHash } from './subscriber-hash.js'
import {
  degradedProvisioning,
  ensureProvisioned,
  forgetProvisioning,
  type Provisioning,
} from './provisioning.js'
import { clearAwaitingConfirmation, markAwaitingConfirmation } from '../repos/mailchimp-members.js'
import { IN_CHUNK } from '../repos/in-chunk.js'
import { writeSetting } from '../repos/settings.js'
import { everSubscribed, loadContactsWithSubscriptions } from '../repos/sync-contacts.js'
import { pruneReceipts } from '../repos/webhook-receipts.js'

/** Rows claimed per round; a pass runs rounds until nothing is due. */
const CLAIM_LIMIT = 5000
const LEASE_MS = 5 * 60_000
/** Mailchimp's batch-subscribe endpoint takes at most 500 members. */
const BATCH_SIZE = 500
/** From this many contacts waiting in one round, batch calls replace one PUT per contact. */
const BATCH_THRESHOLD = 20
/** Transient failures are retried with backoff; after this many attempts the row is failed. */
const MAX_ATTEMPTS = 25
const BACKOFF_BASE_MS = 2_000
const BACKOFF_CAP_MS = 30 * 60_000
const RECEIPT_TTL_MS = 30 * 86_400_000
export const LAST_SUCCESS_KEY = 'mailchimp:last_success'

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

export interface DrainSummary {
  claimed: number
  /** Contacts sent (one PUT each or as part of a batch). */
  sent: number
  deleted: number
  skipped: number
  retried: number
  failed: number
  /** Rows given back because another drainer was sending the same contact. */
  deferred: number
}

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
  options: { maxRounds?: number } = {},
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
  for (let round = 0; round < maxRounds; round++) {
    const claimToken = randomId(12)
    const rows = await claimDue(deps.db, {
      topic: 'mailchimp',
      claimToken,
      limit: CLAIM_LIMIT,
      leaseMs: LEASE_MS,
      nowMs: deps.now(),
    })
    if (rows.length === 0) break
    summary.claimed += rows.length
    await drainRound(deps, gateway, settings.audienceId, claimToken, rows, summary)
    if (rows.length < CLAIM_LIMIT) break
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

interface Send {
  rows: OutboxRow[]
  contactId: string
  member: MemberPayload
}

/** The steps of one round: sort, erase, leave held contacts to others, then send the rest. */
async function drainRound(
  deps: Deps,
  gateway: MailchimpGateway,
  audienceId: string,
  claimToken: string,
  rows: OutboxRow[],
  summary: DrainSummary,
): Promise<void> {
  const outcome = new Outcome(deps, summary)
  const sorted = await sortRows(rows, outcome)
  const work = sorted.deletes.map((item) => deleteMember(gateway, audienceId, item, outcome))
  await deferHeldContacts(deps, claimToken, sorted.syncRows, summary)
  if (sorted.syncRows.size > 0) work.push(syncContacts(deps, gateway, audienceId, sorted, outcome))
  await Promise.all(work)
  await outcome.flush()
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
    outcome.done([row])
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
  await moveChangedAddresses(gateway, audienceId, moves, contacts, syncRows, outcome)
  const sends = await planSends(deps, contacts, subscriptions, syncRows, provisioning, outcome)
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
): Promise<Send[]> {
  const contactIds = [...syncRows.keys()]
  const withoutSubscribed = contactIds.filter(
    (id) => !(subscriptions.get(id) ?? []).some((row) => row.status === 'subscribed'),
  )
  const confirmedBefore = await everSubscribed(deps.db, withoutSubscribed)
  const sends: Send[] = []
  for (const contactId of contactIds) {
    const rows = syncRows.get(contactId)!
    const plan = await planMember(
      deps,
      contacts.get(contactId),
      subscriptions.get(contactId) ?? [],
      provisioning,
      confirmedBefore.has(contactId),
    )
    if (plan.send) sends.push({ rows, contactId, member: plan.member })
    else {
      outcome.summary.skipped++
      outcome.done(rows)
    }
  }
  return sends
}

/**
 * Moves the members of contacts whose address changed before their state is sent, so the
 * audience keeps one member with its history instead of gaining a second. When Mailchimp
 * refuses the move for good (the new address is already a member), the member under the old
 * address is archived, so it stops receiving campaigns, and the state goes to the new address
 * as usual: a refused move never holds back the contact's other changes, an opt-out least of
 * all. Only a transient failure makes the contact wait, with all its rows, for the next attempt.
 * A contact erased before its move was sent has its old member deleted permanently.
 */
async function moveChangedAddresses(
  gateway: MailchimpGateway,
  audienceId: string,
  moves: Map<string, string[]>,
  contacts: Map<string, ContactRow>,
  syncRows: Map<string, OutboxRow[]>,
  outcome: Outcome,
): Promise<void> {
  for (const [contactId, previousHashes] of moves) {
    const contact = contacts.get(contactId)
    // Several changes since the last sync: the oldest address moves, and every later one that
    // Mailchimp also holds (the move onto it is refused: Member Exists) is archived.
    for (const previousHash of previousHashes) {
      if (contact && previousHash === subscriberHash(contact.email)) continue
      try {
        await moveOne(gateway, audienceId, previousHash, contact, outcome)
      } catch (failure) {
        await outcome.failure(syncRows.get(contactId)!, failure)
        syncRows.delete(contactId)
        break
      }
    }
  }
}

/** One move; throws only what should make the contact wait (transient failures). */
async function moveOne(
  gateway: MailchimpGateway,
  audienceId: string,
  previousHash: string,
  contact: ContactRow | undefined,
  outcome: Outcome,
): Promise<void> {
  // Erased before its move reached Mailchimp: the member under the old address is the same
  // person, and goes the way of the erasure.
  if (!contact) return gateway.deletePermanent(audienceId, previousHash)
  try {
    await gateway.changeEmail(audienceId, previousHash, contact.email)
  } catch (error) {
    if (!(error instanceof MailchimpError) || error.retryable) throw error
    await gateway.archiveMember(audienceId, previousHash)
    outcome.deps.logger.warn('mailchimp refused an address change; old member archived', {
      contactId: contact.id,
      status: error.status,
      title: error.title,
    })
  }
}

/**
 * Titles of Mailchimp's refusals to subscribe a member through the API whom it holds in a
 * compliance state (unsubscribed by themselves, cleaned, under compliance review) or who was
 * deleted permanently. Mailchimp's way back in for them is `pending`: its own confirmation mail.
 */
const COMPLIANCE_REFUSAL = /compliance state|forgotten email not subscribed/i

/** Puts members, one by one or in batches, with the compliance-state way back in as `pending`. */
class MemberSender {
  constructor(
    private readonly deps: Deps,
    private readonly gateway: MailchimpGateway,
    private readonly audienceId: string,
    private readonly outcome: Outcome,
  ) {}

  async putOne(send: Send): Promise<void> {
    try {
      await this.gateway.putMember(this.audienceId, send.member)
      await clearAwaitingConfirmation(this.deps.db, send.contactId)
      this.sent(send)
    } catch (error) {
      if (this.isCompliance(error, send)) return this.putPending(send, error as MailchimpError)
      // An interest deleted in Mailchimp: look the ids up again on the next pass.
      if (error instanceof MailchimpError && error.status === 400 && /interest/i.test(error.detail))
        await forgetProvisioning(this.deps, this.audienceId)
      await this.outcome.failure(send.rows, error)
    }
  }

  /** One batch call; the members it refuses go one by one, for Mailchimp's exact problem. */
  async putBatch(chunk: Send[]): Promise<void> {
    let refused: Set<string>
    try {
      const errors = await this.gateway.batchMembers(
        this.audienceId,
        chunk.map((send) => send.member),
      )
      refused = new Set(errors.map((error) => error.email_address.toLowerCase()))
    } catch (error) {
      if (error instanceof MailchimpError && error.retryable) {
        for (const send of chunk) await this.outcome.failure(send.rows, error)
        return
      }
      // The batch as a whole was refused: find out member by member.
      refused = new Set(chunk.map((send) => send.member.email_address.toLowerCase()))
    }
    const ones: Array<Promise<void>> = []
    const accepted: string[] = []
    for (const send of chunk) {
      if (refused.has(send.member.email_address.toLowerCase())) ones.push(this.putOne(send))
      else {
        accepted.push(send.contactId)
        this.sent(send)
      }
    }
    for (const contactId of accepted) await clearAwaitingConfirmation(this.deps.db, contactId)
    await Promise.all(ones)
  }

  private isCompliance(error: unknown, send: Send): boolean {
    return (
      error instanceof MailchimpError &&
      error.status === 400 &&
      send.member.status === 'subscribed' &&
      COMPLIANCE_REFUSAL.test(`${error.title} ${error.detail}`)
    )
  }

  /** The person re-opted in here; Mailchimp lets them back only through its own confirmation. */
  private async putPending(send: Send, refusal: MailchimpError): Promise<void> {
    const member = { ...send.member, status: 'pending' as const, status_if_new: 'pending' as const }
    try {
      await this.gateway.putMember(this.audienceId, member)
      await markAwaitingConfirmation(this.deps.db, send.contactId, this.deps.now())
      this.deps.logger.info('mailchimp member in compliance state sent as pending', {
        contactId: send.contactId,
        title: refusal.title,
      })
      this.sent(send)
    } catch (error) {
      await this.outcome.failure(send.rows, error)
    }
  }

  private sent(send: Send): void {
    this.outcome.summary.sent++
    this.outcome.done(send.rows)
  }
}

/** Collects the fate of each row; done rows are marked together at the end of the round. */
class Outcome {
  private readonly doneIds: string[] = []

  constructor(
    readonly deps: Deps,
    readonly summary: DrainSummary,
  ) {}

  done(rows: OutboxRow[]): void {
    for (const row of rows) this.doneIds.push(row.id)
  }

  async fail(rows: OutboxRow[], message: string): Promise<void> {
    for (const row of rows) await markFailed(this.deps.db, row.id, message, this.deps.now())
    this.summary.failed += rows.length
  }

  /** A failed call: permanent errors and exhausted retries fail the rows, the rest retry later. */
  async failure(rows: OutboxRow[], error: unknown): Promise<void> {
    const mc =
      error instanceof MailchimpError
        ? error
        : new MailchimpError(undefined, 'Unexpected error', String(error), true)
    const attempts = Math.max(...rows.map((row) => row.attempts)) + 1
    if (!mc.retryable || attempts >= MAX_ATTEMPTS) {
      await this.fail(rows, describe(mc))
      this.deps.logger.warn('mailchimp sync failed for good', {
        contactId: rows[0]?.contact_id,
        status: mc.status,
        title: mc.title,
        attempts,
      })
    } else {
      await this.retryAll(rows, mc)
    }
  }

  private async retryAll(rows: OutboxRow[], error: unknown): Promise<void> {
    const message = error instanceof MailchimpError ? describe(error) : redact(String(error))
    for (const row of rows) {
      const delay = backoffMs(row.attempts)
      await markRetry(this.deps.db, row.id, message, delay, this.deps.now())
    }
    this.summary.retried += rows.length
  }

  /** Marks the done rows and the last success in one transaction (one commit on the hot path). */
  async flush(): Promise<void> {
    if (this.doneIds.length === 0) return
    const ids = this.doneIds.splice(0)
    const now = this.deps.now()
    await this.deps.db.transaction().execute(async (trx) => {
      for (let i = 0; i < ids.length; i += IN_CHUNK)
        await markDone(trx, ids.slice(i, i + IN_CHUNK), now)
      await writeSetting(trx, LAST_SUCCESS_KEY, String(now), now)
    })
  }
}

/**
 * Exponential backoff with jitter: 2 s, 4 s, 8 s ... capped at 30 minutes, each scaled by a
 * random factor in [0.5, 1) so that many rows failed together do not come back together.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.min(attempts, 20))
  return Math.round(ceiling * (0.5 + random() * 0.5))
}

/** Mailchimp's problem detail, kept for the status page; never an address. */
function describe(error: MailchimpError): string {
  return redact(`${error.status ?? 'network'} ${error.title}: ${error.detail}`).slice(0, 1000)
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
