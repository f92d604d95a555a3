import { existsSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { createApp } from '../app.js'
import { backgroundJobs } from '../jobs.js'
import { releaseAllClaims } from '../repos/outbox.js'
import { type AfterResponse, afterResponse } from './after-response.js'
import { buildNodeDeps } from './deps.js'
import { INSTANCE_BEAT_MS, noteInstance } from './instance-file.js'
import { type JobRunner, startJobs } from './job-runner.js'
import { describeStartupError } from './startup-error.js'

/** How long a stop waits for the requests under way before it closes the database anyway. */
const STOP_GRACE_MS = 10_000

/** Starts the service on Node: `.env` if present, config, database, then HTTP. */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env')
  let jobs: JobRunner | undefined
  let after: AfterResponse | undefined
  const { deps, close, whenDurable } = await buildNodeDeps(process.env, {
    backgroundCheckpoints: true,
    runtime: (logger) => {
      after = afterResponse(logger)
      return {
        defer: after.defer,
        // Commits before the runner starts need no wake: its first pass drains everything due.
        wake: () => (topic) => jobs?.notify(topic),
      }
    },
  })
  let instance: ReturnType<typeof noteInstance> | undefined
  const sqliteFile = deps.config.databaseUrl.slice('sqlite:'.length)
  if (deps.dbKind === 'sqlite' && sqliteFile !== ':memory:') {
    instance = noteInstance(sqliteFile)
    setInterval(() => instance?.beat(), INSTANCE_BEAT_MS).unref()
    if (instance.other !== undefined)
      deps.logger.warn(
        'another Prefcenter server uses this SQLite file: its outbox work is left to it. One SQLite file is meant for one server (for several, use PostgreSQL).',
        { pid: instance.other },
      )
    else {
      const released = await releaseAllClaims(deps.db)
      if (released > 0)
        deps.logger.warn('outbox rows left claimed by a stopped process are due again', {
          released,
        })
    }
  }
  jobs = startJobs(deps, backgroundJobs(deps))
  const app = createApp(deps)
  // SQLite's group commit: a request's changes are durable before its answer (the driver
  // waits), and so is every change it read (this wrapper waits).
  const handle: typeof app.fetch = whenDurable
    ? async (request, env, context) => {
        try {
          return await whenDurable(() => app.fetch(request, env, context))
        } catch (error) {
          // Only the WAL's fsync fails here (the app answers its own errors): say nothing was
          // acknowledged rather than answer what was read.
          deps.logger.error('request failed', { error: String(error) })
          return Response.json(
            { error: { code: 'internal', message: 'The change could not be stored' } },
            { status: 500 },
          )
        }
      }
    : app.fetch
  // A stop finishes the requests it accepted before the database closes (a rolling deploy sends
  // SIGTERM under load): their answers close their connections; a request that arrives
  // meanwhile on an open connection is refused unchanged.
  let stopping = false
  const fetch: typeof app.fetch = async (request, env, context) => {
    if (stopping)
      return Response.json(
        { error: { code: 'unavailable', message: 'The service is restarting; please try again' } },
        { status: 503, headers: { connection: 'close', 'retry-after': '1' } },
      )
    const response = await handle(request, env, context)
    if (stopping) {
      try {
        response.headers.set('connection', 'close')
      } catch {
        // Immutable headers (Response.redirect): the connection closes with the server instead.
      }
    }
    return response
  }
  const server = serve({ fetch, port: deps.config.port, hostname: deps.config.host }, (info) => {
    deps.logger.info('Prefcenter is listening', {
      url: `http://${info.address}:${info.port}`,
      publicUrl: deps.config.publicUrl,
    })
  })
  // A port in use or not allowed: one clear line, not an unhandled 'error' event's stack.
  server.once('error', (error) => {
    failStart(error)
  })
  let stoppingSince: number | undefined
  const stop = async (signal: string) => {
    // Ctrl-C under `npm start` arrives twice at once (from the terminal and forwarded by npm):
    // that second one must not cut the orderly close short; one pressed later ends a close
    // that hangs.
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince > 2000) process.exit(1)
      return
    }
    stoppingSince = Date.now()
    deps.logger.info('stopping', { signal })
    stopping = true
    // No new connections; idle keep-alive ones close now, busy ones once they have answered.
    await new Promise<void>((done) => {
      server.close(() => done())
      setTimeout(done, STOP_GRACE_MS).unref()
    })
    if ('closeAllConnections' in server) server.closeAllConnections()
    await after?.drain()
    await jobs?.stop()
    await close()
    instance?.release()
    process.exit(0)
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

/** Ends a failed start with one line naming cause and fix, or the stack when it is a bug. */
function failStart(error: unknown): never {
  const env = process.env
  const line = describeStartupError(error, {
    port: Number(env.PORT?.trim() || 3000),
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL?.trim() || 'sqlite:./data/prefcenter.db',
  })
  if (line) console.error(`Prefcenter cannot start: ${line}`)
  else console.error('Prefcenter cannot start:', error)
  process.exit(1)
}

main().catch(failStart)
