import type { Deps } from '../deps.js'
import { extendClaim, type OutboxTopic } from '../repos/outbox.js'

/** One claim of outbox rows: its topic, its token, and how long each renewal holds. */
export interface Claim {
  topic: OutboxTopic
  claimToken: string
  leaseMs: number
}

/** A round still running after this many leases is taken as hung: its rows go to others. */
const MAX_RENEWALS = 30

/**
 * Runs `work` on the rows claimed under `claim`, renewing their lease every third of it while
 * the work runs. The lease can therefore stay short: a drainer that dies (a crash, or a Worker
 * whose `waitUntil` workerd cut off 30 s after the response) stops renewing, and its rows are
 * free again within one lease, while a slow but live one keeps its rows as long as it needs.
 *
 * Work that throws is not released early: a call it started may still be on its way, and a
 * second drainer sending a newer state of the same contact before that call lands would let
 * the older state win. Renewal stops, and the rows come back when the lease runs out. Renewal
 * also stops after `MAX_RENEWALS` thirds of a lease, so a hung round cannot hold rows forever.
 *
 * @example await holdingClaim(deps, { topic: 'mailchimp', claimToken, leaseMs }, () => send(rows))
 */
export async function holdingClaim<T>(
  deps: Pick<Deps, 'db' | 'now' | 'logger'>,
  claim: Claim,
  work: () => Promise<T>,
): Promise<T> {
  const { topic, claimToken, leaseMs } = claim
  let renewals = 0
  const renew = setInterval(() => {
    if (++renewals > MAX_RENEWALS) {
      clearInterval(renew)
      deps.logger.warn('outbox round still running; its lease is no longer renewed', { topic })
      return
    }
    extendClaim(deps.db, topic, claimToken, deps.now() + leaseMs).catch((error: unknown) =>
      deps.logger.warn('outbox lease not renewed', { topic, error: String(error) }),
    )
  }, leaseMs / 3)
  try {
    return await work()
  } finally {
    clearInterval(renew)
  }
}
