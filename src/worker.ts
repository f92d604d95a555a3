import { connect } from 'cloudflare:sockets'
import { Kysely } from 'kysely'
import { createApp } from './app.js'
import { ConfigError, loadConfig, type Config, type Env } from './config.js'
import { D1Dialect } from './db/d1-dialect.js'
import type { D1Database } from './db/d1-types.js'
import type { Database } from './db/schema.js'
import { buildDeps, type Deps, type DepsParts, type DepsRuntime } from './deps.js'
import { backgroundJobs } from './jobs.js'
import { createLogger, type Logger } from './logger.js'
import { createSdkGateway } from './mailchimp/sdk-gateway.js'
import { coalesce } from './background/coalesce.js'
import type { Mailer } from './mail/mailer.js'
import { MandrillMailer } from './mail/mandrill-mailer.js'
import { SocketSmtpMailer } from './mail/socket-smtp-mailer.js'
import { StdoutMailer } from './mail/stdout-mailer.js'
import { MetricsRegistry } from './metrics/registry.js'
import { TokenSigner } from './tokens/tokens.js'

/** The Worker's bindings: the D1 database and the contract's variables as vars and secrets. */
export interface WorkerEnv {
  DB: D1Database
  [name: string]: unknown
}

/** The parts of the Workers execution context we use. */
interface ExecutionContext {
  waitUntil(promise: Promise<unknown>): void
}

/** The cron trigger's period, as in wrangler.toml (`* * * * *`). */
const CRON_MS = 60_000

/** Built once per isolate (per `env` object) and reused: config parsing and key import are not free. */
let cached: { env: WorkerEnv; origin: string | undefined; parts: DepsParts } | undefined

/**
 * The parts of the Worker's deps from its env: the contract's variable names as vars/secrets, Kysely on the D1
 * binding `DB`, mail through Mandrill or SMTP (over Workers TCP sockets) when configured, else
 * printed with console.log (wrangler shows it). DATABASE_URL does not apply; SIGNING_KEYS is
 * required.
 *
 * @example const deps = buildDeps(workerParts(env, origin), workerRuntime(ctx))
 */
export function workerParts(env: WorkerEnv, origin?: string): DepsParts {
  // Without PUBLIC_URL, links use the origin the request came to (set PUBLIC_URL in production:
  // the cron trigger has no request, and a Worker may answer on several hostnames).
  const fallbackOrigin =
    typeof env.PUBLIC_URL === 'string' && env.PUBLIC_URL.trim() ? undefined : origin
  if (cached?.env === env && cached.origin === fallbackOrigin) return cached.parts
  const vars: Env = {}
  for (const [name, value] of Object.entries(env)) if (typeof value === 'string') vars[name] = value
  if (fallbackOrigin) vars.PUBLIC_URL = fallbackOrigin
  const config = loadConfig({ ...vars, DATABASE_URL: 'd1:DB' })
  if (!config.signingKeys) {
    throw new ConfigError(
      'Invalid SIGNING_KEYS: required on Workers; set it with `wrangler secret put SIGNING_KEYS` (kid:secret, secret of 32+ characters)',
    )
  }
  if (!env.DB)
    throw new ConfigError('Invalid DB: the D1 binding "DB" is missing; see wrangler.toml')
  // console.log: wrangler and Workers Logs show it as is (console.error becomes an ERROR box).
  const logger = createLogger(config.logLevel, (line) => console.log(line))
  const parts: DepsParts = {
    config,
    db: new Kysely<Database>({
      dialect: new D1Dialect({
        database: env.DB,
        onReadAfterWrite: (sql) =>
          logger.debug('D1 read after write in a transaction', { sql: sql.slice(0, 200) }),
      }),
    }),
    dbKind: 'd1',
    tokens: new TokenSigner(config.signingKeys),
    mailer: workerMailer(config),
    logger,
    // Built once per isolate, so every request shares the client and its connection limit.
    ...(config.mailchimp
      ? {
          mailchimp: createSdkGateway({
            apiKey: config.mailchimp.apiKey,
            apiUrl: config.mailchimp.apiUrl,
          }),
        }
      : {}),
    // Per isolate, like the cached parts: /metrics shows what this isolate counted.
    metrics: new MetricsRegistry(),
  }
  cached = { env, origin: fallbackOrigin, parts }
  return parts
}

function workerMailer(config: Config): Mailer {
  if (config.mailTransport === 'mandrill' && config.mandrill)
    return new MandrillMailer(config.mandrill, config.mailFrom)
  // Workers reach SMTP through TCP sockets (not port 25 in production: use 465 or 587).
  if (config.mailTransport === 'smtp' && config.smtpUrl)
    return new SocketSmtpMailer(connect, config.smtpUrl, config.mailFrom)
  return new StdoutMailer(config.mailFrom, (text) => console.log(text))
}

/**
 * Per request (or cron event): deferred work and outbox drains run after the response, kept
 * alive by waitUntil, each job coalesced like the Node runner's.
 */
function workerRuntime(logger: Logger, ctx: ExecutionContext): DepsRuntime {
  const defer = (work: Promise<unknown>) =>
    ctx.waitUntil(
      work.catch((error: unknown) =>
        logger.error('deferred work failed', { error: String(error) }),
      ),
    )
  return {
    defer,
    wake: (deps) => {
      const passes = backgroundJobs(deps).map((job) => ({
        job,
        pass: coalesce(() => job.run(deps), { start: defer }),
      }))
      return (topic) => {
        for (const { job, pass } of passes) if (job.topic === topic) pass.wake()
      }
    },
  }
}

function workerDeps(env: WorkerEnv, ctx: ExecutionContext, origin?: string): Deps {
  const parts = workerParts(env, origin)
  return buildDeps(parts, workerRuntime(parts.logger, ctx))
}

function configErrorResponse(error: unknown): Response {
  const message = error instanceof ConfigError ? error.message : 'Prefcenter cannot start'
  console.error(
    JSON.stringify({ level: 'error', message: 'Prefcenter cannot start', error: message }),
  )
  return new Response(JSON.stringify({ error: { code: 'not_configured', message } }), {
    status: 500,
    headers: { 'content-type': 'application/json' },
  })
}

export default {
  async fetch(request: Request, env: WorkerEnv, ctx: ExecutionContext): Promise<Response> {
    let deps: Deps
    try {
      deps = workerDeps(env, ctx, new URL(request.url).origin)
    } catch (error) {
      return configErrorResponse(error)
    }
    return createApp(deps).fetch(request, env, ctx as never)
  },

  /**
   * The cron trigger (every minute): one pass of each background job that is due. Jobs with an
   * interval of a minute or less (outbox drains) run every time; slower ones (the hourly prune)
   * run in the one minute of their interval that the trigger's time falls into.
   */
  async scheduled(
    controller: { scheduledTime?: number },
    env: WorkerEnv,
    ctx: ExecutionContext,
  ): Promise<void> {
    const deps = workerDeps(env, ctx)
    const time = controller?.scheduledTime ?? Date.now()
    const due = backgroundJobs(deps).filter(
      (job) => job.intervalMs <= CRON_MS || time % job.intervalMs < CRON_MS,
    )
    const results = await Promise.allSettled(due.map((job) => job.run(deps)))
    for (const result of results) {
      if (result.status === 'rejected')
        deps.logger.error('scheduled job failed', { error: String(result.reason) })
    }
  },
}
