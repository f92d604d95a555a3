import { existsSync } from 'node:fs'
import { ConfigError } from '../config.js'
import type { Deps } from '../deps.js'
import { redact } from '../logger.js'
import { buildNodeDeps } from './deps.js'

/**
 * Runs a one-shot Mailchimp command (`npm run sync`, `npm run reconcile`): `.env`, config and
 * database as the server has them, a clear refusal when sync is off, and error output without
 * addresses. `work` sets `process.exitCode` itself when the outcome calls for it.
 *
 * @example runMailchimpCommand(async (deps) => console.log(await drainMailchimp(deps)))
 */
export function runMailchimpCommand(work: (deps: Deps) => Promise<void>): void {
  const main = async () => {
    if (existsSync('.env')) process.loadEnvFile('.env')
    const { deps, close } = await buildNodeDeps(process.env)
    try {
      if (!deps.config.mailchimp) {
        console.error(
          'Mailchimp sync is disabled: set MAILCHIMP_API_KEY and MAILCHIMP_AUDIENCE_ID.',
        )
        process.exitCode = 1
        return
      }
      await work(deps)
    } finally {
      await close()
    }
  }
  main().catch((error: unknown) => {
    console.error(
      error instanceof ConfigError
        ? `Prefcenter: ${error.message}`
        : error instanceof Error
          ? redact(`${error.name}: ${error.message}`)
          : error,
    )
    process.exit(1)
  })
}
