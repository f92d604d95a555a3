import type { Deps } from '../deps.js'
import { extendClaim, type OutboxTopic, releaseClaim } from '../repos/outbox.js'

/** One claim of outbox rows: its topic, its token, and how long each renewal holds. */
export interface Claim {
  topic: OutboxTopic
  claimToken: string
  leaseMs: number
}

/**
 * Runs `work` on the rows claimed under `claim`, renewing their lease every third of it while
 * the work runs, and gives the rows back at once if the work throws. The lease can therefore
 * stay short: a drainer that dies (a crash, or a Worker whose `waitUntil` was cut off after its
 * 30 seconds) stops renewing, and its rows are free again within one lease, while a slow but
 * live one keeps its rows for as long as it needs them.
 *
 * @example await holdingClaim(deps, { topic: 'mailchimp', claimToken, leaseMs }, () => send(rows))
 */
export async function holdingClaim<T>(
  deps: Pick<Deps, 'db' | 'now' | 'logger'>,
  claim: Claim,
  work: () => Promise<T>,
): Promise<T> {
  const { topic, claimToken, leaseMs } = claim
  const renew = setInterval(() => {
    extendClaim(deps.db, topic, claimToken, deps.now() + leaseMs).catch((error: unknown) =>
      deps.logger.warn('outbox lease not renewed', { topic, error: String(error) }),
    )
  }, leaseMs / 3)
  try {
    return await work()
  } catch (error) {
    await releaseClaim(deps.db, topic, claimToken).catch(() => undefined)
    throw error
  } finally {
    clearInterval(renew)
  }
}
