import { randomId } from './tokens/base64url.js'

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
