/** How a retried delivery waits: doubling from `baseMs`, at most `capMs`, scaled by jitter. */
export interface BackoffPolicy {
  baseMs: number
  capMs: number
  /** The delay is multiplied by a random factor in [low, high), so failures do not return together. */
  jitter: readonly [low: number, high: number]
}

/**
 * The one exponential backoff of the outbox drains (host webhooks, Mailchimp).
 *
 * @example backoff({ baseMs: 30_000, capMs: 6 * 3_600_000, jitter: [0.9, 1.1] }, row.attempts)
 */
export function backoff(
  policy: BackoffPolicy,
  attempts: number,
  random: () => number = Math.random,
): number {
  // Capping the exponent keeps 2 ** n finite however many attempts a row has.
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(attempts, 40))
  const [low, high] = policy.jitter
  return Math.round(ceiling * (low + random() * (high - low)))
}
