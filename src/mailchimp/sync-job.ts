import type { Job } from '../jobs.js'
import { drainMailchimp } from './drain.js'

/**
 * The Mailchimp drain as a background job: woken at once by `notifyOutbox('mailchimp')` after
 * every commit that enqueued a change, and every 15 seconds as a safety net (retries that came
 * due, rows left by a crashed instance once their lease ran out).
 */
export const mailchimpSyncJob: Job = {
  name: 'mailchimp-sync',
  topic: 'mailchimp',
  intervalMs: 15_000,
  run: (deps) => drainMailchimp(deps),
}
