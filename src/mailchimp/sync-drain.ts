import { z } from 'zod'
import type { ContactRow, OutboxRow } from '../db/schema.js'
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
import { degradedProvisioning, ensureProvisioned, forgetProvisioning } from './provisioning.js'
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

async function drainRound(
  deps: Deps,
  gateway: MailchimpGateway,
  audienceId: string,
  claimToken: string,
  rows: OutboxRow[],
  summary: DrainSummary,
): Promise<void> {
  const outcome = new Outcome(deps, summary)
  const syncRows = new Map<string, OutboxRow[]>()
  const deletes: Array<{ row: OutboxRow; hash: string }> = []
  // The oldest previous address of each contact whose address changed since its last sync.
  const moves = new Map<string, string>()
  for (const row of rows) {
    const parsed = payloadSchema.safeParse(safeJson(row.payload))
    if (!parsed.success) {
      await outcome.fail([row], 'unknown outbox payload')
      continue
    }
    if (parsed.data.type === 'member.delete_permanent')
      deletes.push({ row, hash: parsed.data.subscriberHash })
    else {
      const { contactId, previousSubscriberHash } = parsed.data
      syncRows.set(contactId, [...(syncRows.get(contactId) ?? []), row])
      if (previousSubscriberHash && !moves.has(contactId))
        moves.set(contactId, previousSubscriberHash)
    }
  }

  const work: Array<Promise<void>> = deletes.map(async ({ row, hash }) => {
    try {
      await gateway.deletePermanent(audienceId, hash)
      summary.deleted++
      outcome.done([row])
    } catch (error) {
      await outcome.failure([row], error)
    }
  })

  // Another drainer (another instance) is sending an older change of the same contact: leave
  // the contact to it and come back later, so its states reach Mailchimp in order.
  const held =
    syncRows.size > 0
      ? await rowsHeldByOthers(deps.db, claimToken, [...syncRows.keys()], deps.now())
      : new Map<string, string>()
  const deferred: string[] = []
  for (const [contactId, first] of held) {
    const mine = syncRows.get(contactId)!
    if (first < mine[0]!.id) {
      deferred.push(...mine.map((row) => row.id))
      syncRows.delete(contactId)
    }
  }
  if (deferred.length > 0) {
    await releaseClaims(deps.db, claimToken, deferred)
    summary.deferred += deferred.length
  }

  if (syncRows.size > 0) {
    let provisioning: Awaited<ReturnType<typeof ensureProvisioned>>
    try {
      provisioning = await ensureProvisioned(deps, gateway, audienceId)
    } catch (error) {
      if (!(error instanceof MailchimpError) || error.retryable) {
        // Mailchimp is unreachable: every sync row of the round waits for the next attempt.
        await Promise.all(work)
        for (const rowsOfContact of syncRows.values()) await outcome.failure(rowsOfContact, error)
        await outcome.flush()
        return
      }
      // Refused for good: the status still matters most, so send without the missing ids
      // (provisioning is tried again on the next pass).
      deps.logger.warn('mailchimp provisioning refused; sending without interests', {
        status: error.status,
        title: error.title,
      })
      provisioning = await degradedProvisioning(deps, audienceId)
    }
    const { contacts, subscriptions } = await loadContactsWithSubscriptions(deps.db, [
      ...syncRows.keys(),
    ])
    await moveChangedAddresses(gateway, audienceId, moves, contacts, syncRows, outcome)
    const contactIds = [...syncRows.keys()]
    const withoutSubscribed = contactIds.filter(
      (id) => !(subscriptions.get(id) ?? []).some((row) => row.status === 'subscribed'),
    )
    const confirmedBefore = await everSubscribed(deps.db, withoutSubscribed)
    const sends: Array<{ rows: OutboxRow[]; member: MemberPayload }> = []
    for (const contactId of contactIds) {
      const plan = await planMember(
        deps,
        contacts.get(contactId),
        subscriptions.get(contactId) ?? [],
        provisioning,
        confirmedBefore.has(contactId),
      )
      if (plan.send) sends.push({ rows: syncRows.get(contactId)!, member: plan.member })
      else {
        summary.skipped++
        outcome.done(syncRows.get(contactId)!)
      }
    }
    const putOne = async (send: { rows: OutboxRow[]; member: MemberPayload }) => {
      try {
        await gateway.putMember(audienceId, send.member)
        summary.sent++
        outcome.done(send.rows)
      } catch (error) {
        // An interest deleted in Mailchimp: look the ids up again on the next pass.
        if (
          error instanceof MailchimpError &&
          error.status === 400 &&
          /interest/i.test(error.detail)
        )
          await forgetProvisioning(deps, audienceId)
        await outcome.failure(send.rows, error)
      }
    }
    if (sends.length >= BATCH_THRESHOLD) {
      for (let i = 0; i < sends.length; i += BATCH_SIZE) {
        const chunk = sends.slice(i, i + BATCH_SIZE)
        work.push(
          (async () => {
            let refused: Set<string>
            try {
              const errors = await gateway.batchMembers(
                audienceId,
                chunk.map((send) => send.member),
              )
              refused = new Set(errors.map((error) => error.email_address.toLowerCase()))
            } catch (error) {
              if (error instanceof MailchimpError && error.retryable) {
                for (const send of chunk) await outcome.failure(send.rows, error)
                return
              }
              // The batch as a whole was refused: find out member by member.
              refused = new Set(chunk.map((send) => send.member.email_address.toLowerCase()))
            }
            // Members the batch refused go one by one, which yields Mailchimp's exact problem detail.
            const retryOne: Array<Promise<void>> = []
            for (const send of chunk) {
              if (refused.has(send.member.email_address.toLowerCase())) retryOne.push(putOne(send))
              else {
                summary.sent++
                outcome.done(send.rows)
              }
            }
            await Promise.all(retryOne)
          })(),
        )
      }
    } else {
      work.push(...sends.map(putOne))
    }
  }
  await Promise.all(work)
  await outcome.flush()
}

/**
 * Moves the members of contacts whose address changed before their state is sent, so the
 * audience keeps one member with its history instead of gaining a second. A contact whose move
 * fails waits, with all its rows, for the next attempt.
 */
async function moveChangedAddresses(
  gateway: MailchimpGateway,
  audienceId: string,
  moves: Map<string, string>,
  contacts: Map<string, ContactRow>,
  syncRows: Map<string, OutboxRow[]>,
  outcome: Outcome,
): Promise<void> {
  for (const [contactId, previousHash] of moves) {
    const contact = contacts.get(contactId)
    if (!contact || previousHash === subscriberHash(contact.email)) continue
    try {
      await gateway.changeEmail(audienceId, previousHash, contact.email)
    } catch (error) {
      await outcome.failure(syncRows.get(contactId)!, error)
      syncRows.delete(contactId)
    }
  }
}

/** Collects the fate of each row; done rows are marked together at the end of the round. */
class Outcome {
  private readonly doneIds: string[] = []

  constructor(
    private readonly deps: Deps,
    private readonly summary: DrainSummary,
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
