import { backoff, type BackoffPolicy } from '../background/backoff.js'
import { holdingClaim } from '../background/claim-lease.js'
import type { Deps } from '../deps.js'
import type { Job } from '../jobs.js'
import type { OutboxRow } from '../db/schema.js'
import { claimDue, markDone, markFailed, markRetry } from '../repos/outbox.js'
import { randomId } from '../tokens/base64url.js'
import { secretBytes, signWebhook } from './signature.js'

const CLAIM_LIMIT = 50
/** Renewed while a pass delivers (`holdingClaim`): only how long a dead drainer's rows wait. */
const LEASE_MS = 60_000
const TIMEOUT_MS = 10_000
/** Attempts before a delivery is given up: with the backoff below, about two days. */
export const MAX_ATTEMPTS = 15
/** 30 s doubling, at most 6 h apart, with a little jitter so a receiver coming back is not hit all at once. */
export const HOST_WEBHOOK_BACKOFF: BackoffPolicy = {
  baseMs: 30_000,
  capMs: 6 * 3_600_000,
  jitter: [0.9, 1.1],
}

/** The body the host application receives: `{"type","timestamp","data"}`. */
export function eventBody(row: Pick<OutboxRow, 'payload' | 'created_at'>): string {
  let payload: { type?: unknown; timestamp?: unknown; data?: unknown } = {}
  try {
    payload = JSON.parse(row.payload) as typeof payload
  } catch {
    payload = {}
  }
  const at =
    typeof payload.timestamp === 'number'
      ? payload.timestamp
      : Date.parse(String(payload.timestamp ?? ''))
  return JSON.stringify({
    type: typeof payload.type === 'string' ? payload.type : 'unknown',
    timestamp: new Date(Number.isFinite(at) ? at : Number(row.created_at)).toISOString(),
    data: payload.data ?? {},
  })
}

export interface DeliverySummary {
  delivered: number
  retried: number
  failed: number
}

/**
 * Delivers due `events` outbox rows to EVENTS_WEBHOOK_URL, signed per Standard Webhooks. The
 * outbox row id is the `webhook-id`, the same on every retry, so receivers can drop duplicates.
 * A 2xx is delivered; anything else is retried with exponential backoff, then given up.
 *
 * @example await deliverEvents(deps)
 */
export async function deliverEvents(deps: Deps): Promise<DeliverySummary> {
  const summary: DeliverySummary = { delivered: 0, retried: 0, failed: 0 }
  const hook = deps.config.eventsWebhook
  if (!hook) return summary
  const key = secretBytes(hook.secret)
  for (;;) {
    const claimToken = randomId(12)
    const rows = await claimDue(deps.db, {
      topic: 'host-webhook',
      claimToken,
      limit: CLAIM_LIMIT,
      leaseMs: LEASE_MS,
      nowMs: deps.now(),
    })
    if (rows.length === 0) return summary
    // One by one, each up to TIMEOUT_MS: a slow receiver makes a pass outlast one lease.
    await holdingClaim(deps, { topic: 'host-webhook', claimToken, leaseMs: LEASE_MS }, () =>
      deliverRows(deps, hook.url, key, rows, summary),
    )
    if (rows.length < CLAIM_LIMIT) return summary
  }
}

async function deliverRows(
  deps: Deps,
  url: string,
  key: Uint8Array,
  rows: OutboxRow[],
  summary: DeliverySummary,
): Promise<void> {
  const done: string[] = []
  for (const row of rows) {
    const error = await deliverOne(deps, url, key, row)
    if (error === undefined) {
      done.push(row.id)
      summary.delivered++
    } else if (row.attempts + 1 >= MAX_ATTEMPTS) {
      await markFailed(deps.db, row.id, error, deps.now())
      summary.failed++
    } else {
      await markRetry(
        deps.db,
        row.id,
        error,
        backoff(HOST_WEBHOOK_BACKOFF, row.attempts),
        deps.now(),
      )
      summary.retried++
    }
  }
  await markDone(deps.db, done, deps.now())
}

/** Sends one event; returns an error text for the outbox (never personal data) or undefined. */
async function deliverOne(
  deps: Deps,
  url: string,
  key: Uint8Array,
  row: OutboxRow,
): Promise<string | undefined> {
  const body = eventBody(row)
  const timestamp = Math.floor(deps.now() / 1000)
  const id = `msg_${row.id}`
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Prefcenter-Webhooks/1',
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
        'webhook-signature': await signWebhook(key, id, timestamp, body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    })
    await response.body?.cancel().catch(() => undefined)
    if (response.status >= 200 && response.status < 300) return undefined
    return `receiver answered ${response.status}`
  } catch (error) {
    return `delivery failed: ${error instanceof Error ? error.name : 'error'}`
  }
}

/** The background job: wakes on the `events` topic, and every 30 s for retries. */
export const hostWebhookJob: Job = {
  name: 'host-webhook',
  topic: 'host-webhook',
  intervalMs: 30_000,
  run: deliverEvents,
}
