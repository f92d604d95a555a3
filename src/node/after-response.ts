import type { Logger } from '../logger.js'

export interface AfterResponse {
  /** Runs `work` without holding up the response; failures are logged. */
  defer(work: Promise<unknown>): void
  /** Waits for everything deferred so far (graceful shutdown). */
  drain(): Promise<void>
}

/**
 * Node's counterpart of Workers' waitUntil: mail that the answer must not wait for goes out
 * after the response, so a known address (mail sent) and an unknown one (nothing sent) answer
 * in the same time; a graceful stop still waits for it.
 *
 * @example const after = afterResponse(logger); buildDeps(parts, { defer: after.defer }); …; await after.drain()
 */
export function afterResponse(logger: Logger): AfterResponse {
  const pending = new Set<Promise<unknown>>()
  return {
    defer(work) {
      const tracked: Promise<unknown> = work
        .catch((error: unknown) => logger.error('deferred work failed', { error: String(error) }))
        .finally(() => pending.delete(tracked))
      pending.add(tracked)
    },
    async drain() {
      await Promise.allSettled([...pending])
    },
  }
}
