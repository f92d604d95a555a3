import { claimJobLease } from '../../db/job-lease.js'
import type { Deps } from '../../deps.js'
import type { Job } from '../../jobs.js'
import { deleteExpiredAddressChanges } from '../../repos/address-changes.js'
import { pruneAdminImports } from '../../repos/admin-imports.js'
import { pruneDone } from '../../repos/outbox.js'
import { findStalePendingContactIds, wipePersonalData } from '../../repos/personal-data.js'
import { inTransaction, recordContactEvent } from '../subscription/record-changes.js'

const BATCH = 200

/**
 * Deletes contacts that only ever asked and never confirmed: every subscription `pending`,
 * nothing changed for PENDING_TTL, and no confirmation in the ledger. Their ledger events stay
 * (proof of what was asked) without address, IP and user agent, plus one `pruned` event from
 * `system`. No suppression: they may sign up again. Returns how many were pruned.
 *
 * @example await prunePending(deps) // 3
 */
export async function prunePending(
  deps: Pick<Deps, 'db' | 'now' | 'config' | 'notifyOutbox'>,
): Promise<number> {
  const cutoff = deps.now() - deps.config.pendingTtlMs
  let pruned = 0
  for (;;) {
    const ids = await findStalePendingContactIds(deps.db, cutoff, BATCH)
    if (ids.length === 0) return pruned
    await inTransaction(deps, async (trx) => {
      await wipePersonalData(trx, ids)
      const detail = { reason: 'unconfirmed', ttl_ms: deps.config.pendingTtlMs }
      for (const id of ids) {
        await recordContactEvent(trx, deps, { id, email: null }, 'pending', 'pruned', {
          source: 'system',
          detail,
        })
      }
    })
    pruned += ids.length
    if (ids.length < BATCH) return pruned
  }
}

/**
 * Forgets address-change requests once their links have expired: a request holds an address
 * someone typed that may never have confirmed anything (storage limitation).
 *
 * @example await pruneAddressChanges(deps) // 2
 */
export function pruneAddressChanges(deps: Pick<Deps, 'db' | 'now'>): Promise<number> {
  return deleteExpiredAddressChanges(deps.db, deps.now())
}

/** Delivered outbox rows are kept this long (for a look at recent traffic), then forgotten. */
const DONE_OUTBOX_TTL_MS = 30 * 86_400_000
/** A console upload checked but not applied is kept a day. */
const CHECKED_IMPORT_TTL_MS = 86_400_000

/**
 * Forgets what only served a while: delivered outbox rows after 30 days, and console uploads
 * checked but never applied after a day (they hold whole CSV files of addresses).
 *
 * @example await pruneServed(deps) // 120
 */
export async function pruneServed(deps: Pick<Deps, 'db' | 'now'>): Promise<number> {
  await pruneAdminImports(deps.db, deps.now() - CHECKED_IMPORT_TTL_MS)
  return pruneDone(deps.db, deps.now() - DONE_OUTBOX_TTL_MS)
}

const PRUNE_LEASE_MS = 50 * 60_000

/**
 * Hourly: unconfirmed sign-ups older than PENDING_TTL, expired address-change requests, and
 * what only served a while (`pruneServed`). Several instances (Node processes on one
 * PostgreSQL, Worker isolates on one D1) share one lease, so only one of them prunes an hour and
 * no contact gets two `pruned` events.
 */
export const prunePendingJob: Job = {
  name: 'prune-pending',
  intervalMs: 3_600_000,
  run: async (deps) =>
    (await claimJobLease(deps.db, 'prune-pending', PRUNE_LEASE_MS, deps.now()))
      ? (await prunePending(deps)) + (await pruneAddressChanges(deps)) + (await pruneServed(deps))
      : 0,
}
