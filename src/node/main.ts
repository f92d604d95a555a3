import { existsSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { createApp } from '../app.js'
import { ConfigError } from '../config.js'
import { backgroundJobs } from '../jobs.js'
import { releaseAllClaims } from '../repos/outbox.js'
import { type AfterResponse, afterResponse } from './after-response.js'
import { buildNodeDeps } from './deps.js'
import { type JobRunner, startJobs } from './job-runner.js'

/** Starts the service on Node: `.env` if present, config, database, then HTTP. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env')
  let jobs: JobRunner | undefined
  let after: AfterResponse | undefined
  const { deps, close } = await buildNodeDeps(process.env, {
    runtime: (logger) => {
      after = afterResponse(logger)
      return {
        defer: after.defer,
        // Commits before the runner starts need no wake: its first pass drains everything due.
        wake: () => (topic) => jobs?.notify(topic),
      }
    },
  })
  if (deps.dbKind === 'sqlite') {
    const released = await releaseAllClaims(deps.db)
    if (released > 0)
      deps.logger.warn('outbox rows left claimed by a stopped process are due again', { released })
  }
  jobs = startJobs(deps, backgroundJobs(deps))
  const app = createApp(deps)
  const server = serve(
    { fetch: app.fetch, port: deps.config.port, hostname: deps.config.host },
    (info) => {
      deps.logger.info('Prefcenter is listening', {
        url: `http://${info.address}:${info.port}`,
        publicUrl: deps.config.publicUrl,
      })
    },
  )
  const stop = async (signal: string) => {
    deps.logger.info('stopping', { signal })
    server.close()
    await after?.drain()
    await jobs?.stop()
    await close()
    process.exit(0)
  }
  process.once('SIGINT', () => void stop('SIGINT'))
  process.once('SIGTERM', () => void stop('SIGTERM'))
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(`Prefcenter cannot start: ${error.message}`)
  } else {
    console.error('Prefcenter cannot start:', error)
  }
  process.exit(1)
})
