import { drainMailchimp } from '../mailchimp/sync-drain.js'
import { syncStatus } from '../mailchimp/sync-status.js'
import { runMailchimpCommand } from './mailchimp-command.js'

/**
 * `npm run sync`: drains the Mailchimp outbox once (everything due now) and exits. Prints a
 * summary with counts and contact ids only, never an address. Exit code 1 when something is
 * still waiting for a retry or failed in this pass.
 */
runMailchimpCommand(async (deps) => {
  const summary = await drainMailchimp(deps)
  const status = await syncStatus(deps)
  console.log(
    JSON.stringify(
      {
        pass: summary,
        queue: status.queue,
        failures: status.failures.count,
        lastSuccessAt: status.lastSuccessAt,
      },
      null,
      2,
    ),
  )
  if (summary.retried > 0 || summary.failed > 0) process.exitCode = 1
})
