import type { Kysely } from 'kysely'
import type { Config } from './config.js'
import type { Database } from './db/schema.js'
import type { Logger } from './logger.js'
import type { Mailer } from './mail/mailer.js'
import type { MailchimpGateway } from './mailchimp/gateway.js'
import type { MetricsRegistry } from './metrics/registry.js'
import type { TokenSigner } from './tokens/tokens.js'

/** Which engine is behind `db`; a few queries (row locks, upserts) differ by engine. */
export type DatabaseKind = 'sqlite' | 'postgres' | 'd1'

/**
 * Everything the app needs from outside. The Node and Workers entries build it; `createApp`
 * and the use-cases only ever see this.
 */
export interface Deps {
  config: Config
  db: Kysely<Database>
  dbKind: DatabaseKind
  tokens: TokenSigner
  mailer: Mailer
  logger: Logger
  /** Milliseconds since the epoch; tests move it. */
  now: () => number
  /** Called after a transaction wrote outbox rows, so a drain can start at once. */
  notifyOutbox?: (topic: string) => void
  /** Runs work after the response where the runtime allows it (Workers' waitUntil). */
  defer?: (work: Promise<unknown>) => void
  /** Mailchimp; when absent it is built from `config.mailchimp` (see src/mailchimp/gateway-for.ts). */
  mailchimp?: MailchimpGateway
  /** Counters for GET /metrics; `createApp` makes one when the entry gave none. */
  metrics?: MetricsRegistry
}
