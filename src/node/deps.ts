import { loadConfig, type Env } from '../config.js'
import { migrate } from '../db/migrate.js'
import { buildDeps, type Deps, type DepsRuntime } from '../deps.js'
import { createLogger, type Logger } from '../logger.js'
import type { Mailer } from '../mail/mailer.js'
import { StdoutMailer } from '../mail/stdout-mailer.js'
import { TokenSigner } from '../tokens/tokens.js'
import { openDatabase } from './database.js'
import { nodeHmac } from './node-hmac.js'
import { readMigrations } from './migrations.js'
import { resolveSigningKeys } from './signing-keys.js'
import { SmtpMailer } from './smtp-mailer.js'

export interface NodeDeps {
  deps: Deps
  close: () => Promise<void>
  /** Wraps each HTTP request so it answers only after what it read is durable (SQLite). */
  whenDurable?: <T>(work: () => Promise<T> | T) => Promise<T>
}

/**
 * Builds the dependencies of the Node entry and the CLI from the environment: validated
 * config, the database (migrated), signing keys, and the mail transport. `runtime` adds what
 * runs outside requests (the server's job runner and after-response work); the CLI has none.
 *
 * @example const { deps, close } = await buildNodeDeps(process.env)
 */
export async function buildNodeDeps(
  env: Env,
  options: {
    migrate?: boolean
    runtime?: (logger: Logger) => DepsRuntime
    /** SQLite tuned for large write transactions (the import): see `openDatabase`. */
    bulkWrites?: boolean
    /** SQLite checkpoints on a worker thread (the server): see `openDatabase`. */
    backgroundCheckpoints?: boolean
  } = {},
): Promise<NodeDeps> {
  const config = loadConfig(env)
  const logger = createLogger(config.logLevel)
  const keys = resolveSigningKeys(config, logger)
  const database = await openDatabase(config.databaseUrl, {
    bulkWrites: options.bulkWrites,
    backgroundCheckpoints: options.backgroundCheckpoints,
    onCheckpointerError: (error, stopped) =>
      logger.warn(
        stopped
          ? 'the checkpoint thread stopped; SQLite checkpoints on its own from now on'
          : 'a background checkpoint failed; the next one will try again',
        { error: error.message },
      ),
  })
  if (options.migrate !== false) {
    const ran = await migrate(database.db, await readMigrations())
    if (ran.length > 0) logger.info('migrations applied', { migrations: ran })
  }
  const mailer = await createMailer(config)
  if (config.production && config.mailTransport === 'stdout')
    // Allowed (the contract's default), but every mail then lands in the logs with its address
    // and its working links: said once, loudly, at start.
    logger.warn(
      'No SMTP_URL (or MAIL_TRANSPORT=stdout): every mail, with its recipient and its links, is printed to stdout instead of sent. Set SMTP_URL in production.',
    )
  if (config.production && !env.PUBLIC_URL?.trim())
    logger.warn(
      `No PUBLIC_URL: every link sent points to ${config.publicUrl}. Set PUBLIC_URL in production.`,
    )
  const deps = buildDeps(
    {
      // Generated development keys too, so suppression hashes (keyed by them) work without SIGNING_KEYS.
      config: { ...config, signingKeys: keys },
      db: database.db,
      dbKind: database.kind,
      // Node's own HMAC: faster than Web Crypto for the many small signatures of a request.
      tokens: new TokenSigner(keys, nodeHmac),
      hmac: nodeHmac,
      mailer,
      logger,
    },
    options.runtime?.(logger),
  )
  return {
    deps,
    ...(database.whenDurable ? { whenDurable: database.whenDurable } : {}),
    close: async () => {
      if (mailer instanceof SmtpMailer) mailer.close()
      await database.close()
    },
  }
}

async function createMailer(config: Deps['config']): Promise<Mailer> {
  if (config.mailTransport === 'smtp' && config.smtpUrl)
    return new SmtpMailer(config.smtpUrl, config.mailFrom)
  if (config.mailTransport === 'mandrill' && config.mandrill) {
    const { MandrillMailer } = await import('../mail/mandrill-mailer.js')
    return new MandrillMailer(config.mandrill, config.mailFrom)
  }
  return new StdoutMailer(config.mailFrom)
}
