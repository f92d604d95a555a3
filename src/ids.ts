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

// The base64url alphabet in code-point order, so a run's ids sort by their sequence.
const ordered = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz'

/**
 * Contact ids for many contacts created together (an import batch): 22 characters like
 * `contactId()`, 16 of them random and shared by the run, then 6 that count within it. Each
 * index keyed by contact id (contacts, subscriptions, the ledger by contact) then takes the
 * run's rows into a few adjacent pages instead of one random page each: with fully random ids
 * a 300,000-row import wrote 2.7 GB of WAL for a 177 MB database (issue 12). Still nothing
 * derived from the address or the clock; what a run's ids share shows only that they were
 * created together. 96 random bits a run keep runs apart.
 *
 * @example const next = contactIdRun(); const a = next(), b = next()
 */
export function contactIdRun(): () => string {
  const prefix = randomId(12)
  let sequence = 0
  return () => {
    let suffix = ''
    for (let rest = sequence++, digit = 0; digit < 6; digit++, rest = Math.floor(rest / 64))
      suffix = ordered[rest % 64] + suffix
    return prefix + suffix
  }
}
