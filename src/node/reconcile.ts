import { drainMailchimp } from '../mailchimp/sync-drain.js'
import { reconcile } from '../mailchimp/reconcile.js'
import { runMailchimpCommand } from './mailchimp-command.js'

/**
 * `npm run reconcile`: compares the Mailchimp audience with Prefcenter, applies opt-outs and
 * bounces recorded in Mailchimp, pushes what only Prefcenter knows (and drains that push at
 * once), then prints the report: contact ids and counts, never an address.
 */
runMailchimpCommand(async (deps) => {
  const report = await reconcile(deps)
  const pushedNow = report.pushed.length > 0 ? await drainMailchimp(deps) : undefined
  console.log(JSON.stringify({ ...report, pushedNow }, null, 2))
})
