import { encodeBase64Url, randomId } from './tokens/base64url.js'

let lastMs = 0
let sequence = 0

/**
 * Ids that sort by creation time as plain strings (used as ledger cursors): 9 base-36 digits
 * of milliseconds, a 4-digit sequence within the millisecond, then randomness.
 */
export function sortableId(nowMs: number): string {
  if (nowMs === lastMs) sequence++
  else {
    lastMs = nowMs
    sequence = 0
  }
  return nowMs.toString(36).padStart(9, '0') + sequence.toString(36).padStart(4, '0') + randomId(8)
}

/** A contact id: 16 random bytes, 22 characters, nothing derived from the address. */
export function contactId(): string {
  return randomId(16)
}

/**
 * Contact ids for many contacts created together (an import batch), shaped like `contactId()`
 * (16 bytes, 22 base64url characters): 12 random bytes shared by the run, then a 4-byte
 * counter that starts at a random value. The first 16 characters are the run's, so each index
 * keyed by contact id (contacts, subscriptions, the ledger by contact) takes the run's rows
 * into a few adjacent pages instead of one random page each: with fully random ids a
 * 300,000-row import wrote 2.7 GB of WAL for a 177 MB database (issue 12). Nothing derived
 * from the address or the clock; what a run's ids share shows only that they were created
 * together, and one id alone does not tell its place in the run. 96 random bits a run keep
 * runs apart.
 *
 * @example const next = contactIdRun(); const a = next(), b = next()
 */
export function contactIdRun(): () => string {
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  const counter = new DataView(bytes.buffer, 12, 4)
  return () => {
    const id = encodeBase64Url(bytes)
    counter.setUint32(0, (counter.getUint32(0) + 1) >>> 0)
    return id
  }
}
