import { claimJobLease } from '../../db/job-lease.js'
import type { Deps } from '../../deps.js'
import type { Job } from '../../jobs.js'
import { sortableId } from '../../ids.js'
import { appendEvent } from '../../repos/consent-events.js'
import { inTransaction } from '../subscription/record-changes.js'

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
    const rows = await deps.db
      .selectFrom('contacts as c')
      .select('c.id')
      .where('c.created_at', '<', cutoff)
      .where(({ exists, selectFrom }) =>
        exists(
          selectFrom('subscriptions as s')
            .select('s.contact_id')
            .whereRef('s.contact_id', '=', 'c.id'),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('subscriptions as s')
              .select('s.contact_id')
              .whereRef('s.contact_id', '=', 'c.id')
              .where((w) =>
                w.or([w('s.status', '!=', 'pending'), w('s.updated_at', '>=', cutoff)]),
              ),
          ),
        ),
      )
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('consent_events as e')
              .select('e.id')
              .whereRef('e.contact_id', '=', 'c.id')
              .where('e.to_status', '=', 'subscribed'),
          ),
        ),
      )
      .limit(BATCH)
      .execute()
    if (rows.length === 0) return pruned
    const ids = rows.map((row) => row.id)
    const now = deps.now()
    await inTransaction(deps, async (trx) => {
      await trx.deleteFrom('subscriptions').where('contact_id', 'in', ids).execute()
      await trx.deleteFrom('contacts').where('id', 'in', ids).execute()
      await trx
        .updateTable('consent_events')
        .set({ email: null, ip: null, user_agent: null })
        .where('contact_id', 'in', ids)
        .execute()
      for (const id of ids) {
        await appendEvent(trx, {
          id: sortableId(now),
          contact_id: id,
          email: null,
          list_id: null,
          from_status: 'pending',
          to_status: 'pruned',
          source: 'system',
          legal_basis: null,
          ip: null,
          user_agent: null,
          consent_text: null,
          consent_version: null,
          detail: JSON.stringify({ reason: 'unconfirmed', ttl_ms: deps.config.pendingTtlMs }),
          occurred_at: now,
          recorded_at: now,
        })
      }
    })
    pruned += ids.length
    if (rows.length < BATCH) return pruned
  }
}

const PRUNE_LEASE_MS = 50 * 60_000

/**
 * Hourly: unconfirmed sign-ups older than PENDING_TTL. Several instances (Node processes on one
 * PostgreSQL, Worker isolates on one D1) share one lease, so only one of them prunes an hour and
 * no contact gets two `pruned` events.
 */
export const prunePendingJob: Job = {
  name: 'prune-pending',
  intervalMs: 3_600_000,
  run: async (deps) =>
    (await claimJobLease(deps.db, 'prune-pending', PRUNE_LEASE_MS, deps.now()))
      ? prunePending(deps)
      : 0,
}
