import type { Deps } from './deps.js'
import { prunePendingJob } from './domain/privacy/prune.js'
import { resumePausesJob } from './domain/subscription/pause.js'
import { hostWebhookJob } from './host-webhooks/delivery-job.js'
import { mailchimpSyncJob } from './mailchimp/sync-job.js'

/**
 * Work that runs outside requests: outbox drains, pruning. The Node entry runs each job on its
 * interval and at once when `notifyOutbox(topic)` names its topic; the Workers entry runs every
 * job from its cron trigger; `npm run sync` and friends run one job once.
 */
export interface Job {
  name: string
  /** The outbox topic that wakes this job early, if any. */
  topic?: string
  intervalMs: number
  /** Does one pass; returns a summary for logs. Must not throw for remote failures. */
  run(deps: Deps): Promise<unknown>
}

/** Every background job the configuration enables. Areas add theirs here. */
export function backgroundJobs(deps: Deps): Job[] {
  const jobs: Job[] = []
  if (deps.config.mailchimp) jobs.push(mailchimpSyncJob)
  if (deps.config.eventsWebhook) jobs.push(hostWebhookJob)
  jobs.push(prunePendingJob)
  jobs.push(resumePausesJob)
  return jobs
}
