import { drainMailchimp } from '../mailchimp/sync-drain.js'
import { reconcile } from '../mailchimp/reconcile.js'
import { runMailchimpCommand } from './mailchimp-command.js'

/**
 * `npm run reconcile`: compares the Mailchimp audience with Prefcenter, applies opt-outs and
 * bounces recorded in Mailchimp, pushes what only Prefcenter knows (and drains that push at
 * once), then prints the report: contact ids and counts, never an address.
 * `npm run reconcile -- --dry-run` prints the same report (`"dryRun": true`) and changes
 * nothing, here or in Mailchimp.
 */
runMailchimpCommand(async (deps) => {
  const dryRun = process.argv.slice(2).includes('--dry-run')
  const report = await reconcile(deps, { dryRun })
  const pushedNow = report.pushed.length > 0 && !dryRun ? await drainMailchimp(deps) : undefined
  console.log(JSON.stringify({ ...report, pushedNow }, null, 2))
})
