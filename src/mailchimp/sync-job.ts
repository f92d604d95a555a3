import type { Deps } from '../deps.js'
import type { Job } from '../jobs.js'
import { drainMailchimp } from './sync-drain.js'
import { nextDueAt } from '../repos/outbox-stats.js'

const INTERVAL_MS = 15_000
const DEFERRED_RETRY_MS = 1_000
const wakeTimers = new WeakMap<Deps, ReturnType<typeof setTimeout>>()

/**
 * The Mailchimp drain as a background job: woken at once by `notifyOutbox('mailchimp')` after
 * every commit that enqueued a change, and every 15 seconds as a safety net (rows left by a
 * crashed instance once their lease ran out). When a pass left retries due sooner than the
 * next interval, it also wakes itself when the first one is due, so a short Mailchimp hiccup
 * costs seconds, not the whole interval; likewise a second after leaving a contact to another
 * instance that was sending it.
 */
export const mailchimpSyncJob: Job = {
  name: 'mailchimp-sync',
  topic: 'mailchimp',
  intervalMs: INTERVAL_MS,
  async run(deps) {
    const summary = await drainMailchimp(deps)
    if ((summary.retried > 0 || summary.deferred > 0) && deps.notifyOutbox) {
      const due = await nextDueAt(deps.db)
      // Deferred rows are due already: look again shortly, once the other drainer is done.
      const delay =
        summary.deferred > 0
          ? DEFERRED_RETRY_MS
          : due === undefined
            ? undefined
            : Math.max(0, due - deps.now())
      if (delay !== undefined && delay < INTERVAL_MS && !wakeTimers.has(deps)) {
        const timer = setTimeout(() => {
          wakeTimers.delete(deps)
          deps.notifyOutbox?.('mailchimp')
        }, delay + 50)
        ;(timer as { unref?: () => void }).unref?.()
        wakeTimers.set(deps, timer)
      }
    }
    return summary
  },
}
