import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { Database } from './db/schema.js'
import type { Logger } from './logger.js'
import type { Mailer } from './mail/mailer.js'
import type { MailchimpGateway } from './mailchimp/gateway.js'
import { MetricsRegistry } from './metrics/registry.js'
import { createSdkGateway } from './mailchimp/sdk-gateway.js'
import { type Hmac, TokenSigner } from './tokens/tokens.js'

/** Which engine is behind `db`; a few queries (row locks, upserts) differ by engine. */
export type DatabaseKind = 'sqlite' | 'postgres' | 'd1'

/**
 * Everything the app needs from outside. `buildDeps` makes it, the same way for the Node entry,
 * the Worker and the tests; `createApp` and the use-cases only ever see this, and nothing
 * changes it once built.
 */
export interface Deps {
  readonly config: Config
  readonly db: Kysely<Database>
  readonly dbKind: DatabaseKind
  readonly tokens: TokenSigner
  /** A faster HMAC-SHA256 from the runtime (the Node entry's node:crypto); WebCrypto without it. */
  readonly hmac?: Hmac
  readonly mailer: Mailer
  readonly logger: Logger
  /** Milliseconds since the epoch; tests move it. */
  readonly now: () => number
  /** Called after a transaction wrote outbox rows, so a drain can start at once. */
  readonly notifyOutbox?: (topic: string) => void
  /** Runs work after the response where the runtime allows it (Workers' waitUntil). */
  readonly defer?: (work: Promise<unknown>) => void
  /** Mailchimp: set exactly when `config.mailchimp` is (or when a test hands in its own). */
  readonly mailchimp?: MailchimpGateway
  /** Counters for GET /metrics; `buildDeps` always makes one (optional for hand-built deps). */
  readonly metrics?: MetricsRegistry
}

/** What an entry brings: its database, mail transport and logger; the rest has defaults. */
export interface DepsParts {
  config: Config
  db: Kysely<Database>
  dbKind: DatabaseKind
  mailer: Mailer
  logger: Logger
  /** Default: the wall clock. */
  now?: () => number
  /** Default: signed with `config.signingKeys`. */
  tokens?: TokenSigner
  /** Default: none (WebCrypto, async). */
  hmac?: Hmac
  /** Default: the official client on `config.mailchimp`, when configured. */
  mailchimp?: MailchimpGateway
  /** Default: a fresh registry (the Worker keeps one per isolate). */
  metrics?: MetricsRegistry
}

/** How the runtime runs work outside the request. */
export interface DepsRuntime {
  defer?: (work: Promise<unknown>) => void
  /**
   * Starts whatever drains the outbox for the finished deps (Node's job runner, the Worker's
   * waitUntil passes) and returns how to wake it by topic: `notifyOutbox` calls that.
   */
  wake?: (deps: Deps) => (topic: string) => void
}

/**
 * The one way to build `Deps`, for Node, Workers and tests.
 *
 * @example const deps = buildDeps({ config, db, dbKind: 'sqlite', mailer, logger }, { defer })
 */
export function buildDeps(parts: DepsParts, runtime: DepsRuntime = {}): Deps {
  const { config } = parts
  if (!config.signingKeys && !parts.tokens) throw new Error('buildDeps: no signing keys')
  const mailchimp =
    parts.mailchimp ??
    (config.mailchimp
      ? createSdkGateway({ apiKey: config.mailchimp.apiKey, apiUrl: config.mailchimp.apiUrl })
      : undefined)
  // The drains need the finished deps, and the deps need a way to wake them: the runtime's
  // wake function is set once, right below, and never again.
  let wake: ((topic: string) => void) | undefined
  const deps: Deps = {
    config,
    db: parts.db,
    dbKind: parts.dbKind,
    tokens: parts.tokens ?? new TokenSigner(config.signingKeys!),
    mailer: parts.mailer,
    logger: parts.logger,
    now: parts.now ?? (() => Date.now()),
    ...(parts.hmac ? { hmac: parts.hmac } : {}),
    ...(runtime.wake ? { notifyOutbox: (topic: string) => wake?.(topic) } : {}),
    ...(runtime.defer ? { defer: runtime.defer } : {}),
    ...(mailchimp ? { mailchimp } : {}),
    metrics: parts.metrics ?? new MetricsRegistry(),
  }
  wake = runtime.wake?.(deps)
  return Object.freeze(deps)
}
