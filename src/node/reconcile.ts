import { existsSync } from 'node:fs'
import { ConfigError } from '../config.js'
import { redact } from '../logger.js'
import { drainMailchimp } from '../mailchimp/drain.js'
import { reconcile } from '../mailchimp/reconcile.js'
import { buildNodeDeps } from './deps.js'

/**
 * `npm run reconcile`: compares the Mailchimp audience with Prefcenter, applies opt-outs and
 * bounces recorded in Mailchimp, pushes what only Prefcenter knows (and drains that push at
 * once), then prints the report: contact ids and counts, never an address.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env')
  const { deps, close } = await buildNodeDeps(process.env)
  try {
    if (!deps.config.mailchimp) {
      console.error('Mailchimp sync is disabled: set MAILCHIMP_API_KEY and MAILCHIMP_AUDIENCE_ID.')
      process.exitCode = 1
      return
    }
    const report = await reconcile(deps)
    const pushedNow = report.pushed.length > 0 ? await drainMailchimp(deps) : undefined
    console.log(JSON.stringify({ ...report, pushedNow }, null, 2))
  } finally {
    await close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Prefcenter: ${error.message}` : error instanceof Error ? redact(`${error.name}: ${error.message}`) : error)
  process.exit(1)
})
