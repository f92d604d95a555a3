import type { Deps } from '../../deps.js'

/**
 * Clock skew allowed between Mailchimp and us: a `fired_at` further ahead is refused, because a
 * future time would make a forged or stale event outrank every genuine one that follows.
 */
export const MAX_FIRED_AT_SKEW_MS = 15 * 60_000

/** The fields of a Mailchimp payload that say what happened; anything else is decoration. */
const MEANING_FIELDS = [
  'id',
  'email',
  'list_id',
  'action',
  'reason',
  'campaign_id',
  'old_email',
  'new_email',
  'new_id',
] as const

/**
 * What a webhook payload means, as one canonical string: type, fired_at, and the member's id,
 * address, list, action, reason and merge fields (interests included). Extra parameters
 * (`&x=1`), reordered fields or another letter case do not make a replay look new.
 *
 * @example eventMeaning(fields) // '["unsubscribe","2026-11-30 10:00:00",...]'
 */
export function eventMeaning(fields: Record<string, unknown>): string {
  const data = record(fields.data)
  const merges = record(data.merges)
  return JSON.stringify([
    text(fields.type),
    text(fields.fired_at),
    ...MEANING_FIELDS.map((name) =>
      name.endsWith('email') ? text(data[name]).trim().toLowerCase() : text(data[name]),
    ),
    // Every merge field: two profile edits in one second (FNAME, then LNAME) are two events.
    canonical(merges),
  ])
}

/**
 * The receipt id of a payload: HMAC-SHA256 of its meaning under the signing key, so the stored
 * id says nothing about the address inside even to someone holding the database.
 *
 * @example if (await hasReceipt(deps.db, await receiptId(deps, fields))) return replay()
 */
export async function receiptId(
  deps: Pick<Deps, 'config'>,
  fields: Record<string, unknown>,
): Promise<string> {
  const encoder = new TextEncoder()
  const secret = deps.config.signingKeys?.[0]?.secret ?? 'prefcenter-webhook-receipts'
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(`mailchimp-receipt:${secret}`),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const digest = await crypto.subtle.sign('HMAC', key, encoder.encode(eventMeaning(fields)))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {}
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : ''
}

/** Nested form values with their keys sorted, so field order does not matter. */
function canonical(value: unknown): unknown {
  if (typeof value === 'string') return value
  if (!value || typeof value !== 'object') return null
  return Object.keys(value)
    .sort()
    .map((key) => [key, canonical((value as Record<string, unknown>)[key])])
}
