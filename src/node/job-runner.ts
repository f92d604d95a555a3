import { coalesce } from '../background/coalesce.js'
import type { Deps } from '../deps.js'
import type { Job } from '../jobs.js'

export interface JobRunner {
  /** Wakes the jobs of `topic` now (coalesced: one extra pass at most while one runs). */
  notify(topic: string): void
  stop(): Promise<void>
}

/**
 * Runs each job on its interval, never two passes of one job at once, and an immediate pass
 * when its topic is notified, so an acknowledged change leaves within milliseconds.
 *
 * @example const runner = startJobs(deps, backgroundJobs(deps)); runner.notify('mailchimp')
 */
export function startJobs(deps: Deps, jobs: Job[]): JobRunner {
  let stopped = false
  const state = jobs.map((job) => {
    const pass = coalesce(
      async () => {
        try {
          await job.run(deps)
        } catch (error) {
          deps.logger.error('background job failed', { job: job.name, error: String(error) })
        }
      },
      { stopped: () => stopped },
    )
    const timer = setInterval(() => pass.wake(), job.intervalMs)
    timer.unref()
    pass.wake()
    return { job, pass, timer }
  })

  return {
    notify(topic) {
      for (const entry of state) if (entry.job.topic === topic) entry.pass.wake()
    },
    async stop() {
      stopped = true
      for (const entry of state) clearInterval(entry.timer)
      await Promise.all(state.map((entry) => entry.pass.running))
    },
  }
}
