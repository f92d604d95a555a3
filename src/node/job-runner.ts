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
 */
export function startJobs(deps: Deps, jobs: Job[]): JobRunner {
  const state = jobs.map((job) => ({
    job,
    running: undefined as Promise<void> | undefined,
    again: false,
    timer: undefined as NodeJS.Timeout | undefined,
  }))
  let stopped = false

  const kick = (entry: (typeof state)[number]): void => {
    if (stopped) return
    if (entry.running) {
      entry.again = true
      return
    }
    entry.running = (async () => {
      do {
        entry.again = false
        try {
          await entry.job.run(deps)
        } catch (error) {
          deps.logger.error('background job failed', { job: entry.job.name, error: String(error) })
        }
      } while (entry.again && !stopped)
    })().finally(() => {
      entry.running = undefined
    })
  }

  for (const entry of state) {
    entry.timer = setInterval(() => kick(entry), entry.job.intervalMs)
    entry.timer.unref()
    kick(entry)
  }

  return {
    notify(topic) {
      for (const entry of state) if (entry.job.topic === topic) kick(entry)
    },
    async stop() {
      stopped = true
      for (const entry of state) clearInterval(entry.timer)
      await Promise.all(state.map((entry) => entry.running))
    },
  }
}
