import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createApp } from '../../src/app.js'
import { loadConfig, type Env } from '../../src/config.js'
import { migrate } from '../../src/db/migrate.js'
import { buildDeps, type Deps, type DepsParts, type DepsRuntime } from '../../src/deps.js'
import { backgroundJobs } from '../../src/jobs.js'
import { type JobRunner, startJobs } from '../../src/node/job-runner.js'
import { createLogger } from '../../src/logger.js'
import type { Mailer, MailMessage } from '../../src/mail/mailer.js'
import { openDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'

export const TEST_KEYS = 'k1:test-secret-one-0123456789abcdefghijklmnop'
export const ADMIN_TOKEN = 'admin-token-for-tests-0123456789'

/** Keeps every message the app sends, for tests to read. */
export class CapturingMailer implements Mailer {
  readonly sent: MailMessage[] = []
  async send(message: MailMessage): Promise<void> {
    this.sent.push(message)
  }
  to(address: string): MailMessage[] {
    return this.sent.filter((message) => message.to === address)
  }
}

export interface TestApp {
  app: ReturnType<typeof createApp>
  deps: Deps
  mailer: CapturingMailer
  /** Moves the app's clock. */
  clock: { now: number; advance(ms: number): void }
  close(): Promise<void>
}

/**
 * A real app on a real SQLite file in a temporary folder, migrated, with mail captured and a
 * clock the test controls.
 *
 * @example const { app, mailer } = await createTestApp({ MAILCHIMP_API_KEY: 'k-us1', ... })
 */
export async function createTestApp(
  env: Env = {},
  options: Partial<
    Pick<DepsParts, 'now' | 'logger' | 'mailchimp' | 'db' | 'dbKind' | 'metrics'>
  > & {
    /** Runs the background jobs as the Node server does (close() stops them). */
    runJobs?: boolean
    /** Work after the response, as the entries run it (Node's afterResponse, Workers' waitUntil). */
    defer?: DepsRuntime['defer']
    /** Sends through this mailer (a real SMTP client) instead of capturing. */
    mailer?: Mailer
  } = {},
): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'prefcenter-test-'))
  const config = loadConfig({
    PUBLIC_URL: 'http://prefcenter.test',
    SIGNING_KEYS: TEST_KEYS,
    ADMIN_TOKEN,
    LOG_LEVEL: 'silent',
    DATABASE_URL: `sqlite:${join(dir, 'test.db')}`,
    ...env,
  })
  const database = await openDatabase(config.databaseUrl)
  await migrate(database.db, await readMigrations())
  const mailer = new CapturingMailer()
  const clock = {
    now: Date.UTC(2026, 10, 22, 12, 0, 0),
    advance(ms: number) {
      clock.now += ms
    },
  }
  let jobs: JobRunner | undefined
  const deps = buildDeps(
    {
      config,
      db: options.db ?? database.db,
      // A test may play another engine's entry (the Worker answers by dbKind 'd1').
      dbKind: options.dbKind ?? database.kind,
      mailer: options.mailer ?? mailer,
      logger: options.logger ?? createLogger(config.logLevel),
      now: options.now ?? (() => clock.now),
      ...(options.mailchimp ? { mailchimp: options.mailchimp } : {}),
      ...(options.metrics ? { metrics: options.metrics } : {}),
    },
    {
      ...(options.runJobs ? { wake: () => (topic: string) => jobs?.notify(topic) } : {}),
      ...(options.defer ? { defer: options.defer } : {}),
    },
  )
  if (options.runJobs) jobs = startJobs(deps, backgroundJobs(deps))
  return {
    app: createApp(deps),
    deps,
    mailer,
    clock,
    close: async () => {
      await jobs?.stop()
      await database.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
