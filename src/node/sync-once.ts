import { existsSync } from 'node:fs'
import { ConfigError } from '../config.js'
import { redact } from '../logger.js'
import { drainMailchimp } from '../mailchimp/drain.js'
import { syncStatus } from '../mailchimp/sync-status.js'
import { buildNodeDeps } from './deps.js'

/**
 * `npm run sync`: drains the Mailchimp outbox once (everything due now) and exits. Prints a
 * summary with counts and contact ids only, never an address. Exit code 1 when something is
 * still waiting for a retry or failed in this pass.
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
    const summary = await drainMailchimp(deps)
    const status = await syncStatus(deps)
    console.log(JSON.stringify({ pass: summary, queue: status.queue, failures: status.failures.count, lastSuccessAt: status.lastSuccessAt }, null, 2))
    if (summary.retried > 0 || summary.failed > 0) process.exitCode = 1
  } finally {
    await close()
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? `Prefcenter: ${error.message}` : error instanceof Error ? redact(`${error.name}: ${error.message}`) : error)
  process.exit(1)
})
