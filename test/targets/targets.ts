import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startFakeMailchimp } from '../support/fake-mailchimp.js'
import { createScratchDatabase, postgresAvailable } from '../postgres/pg-support.js'
import type { Target } from './contract.suite.js'
import {
  ADMIN_TOKEN,
  EVENTS_SECRET,
  freePort,
  MANDRILL_KEY,
  ORGANIZATION,
  SIGNING_KEYS,
  startMailSink,
  startRecorder,
  startServer,
  WEBHOOK_SECRET,
} from './support.js'

export type TargetKind = 'node-sqlite' | 'node-postgres' | 'workerd-d1'

/**
 * Starts one target the way a user would, configured only through the contract's variables:
 * mail over the Mandrill HTTP API to a sink, Mailchimp at a fake server. Undefined when the
 * target cannot run here and CI is not set (PostgreSQL missing); with CI set that throws.
 */
export async function startTarget(
  kind: TargetKind,
  extraEnv: Record<string, string> = {},
): Promise<Target | undefined> {
  let database = ''
  const cleanups: Array<() => Promise<void> | void> = []
  if (kind === 'node-postgres') {
    if (!(await postgresAvailable())) return undefined
    const scratch = await createScratchDatabase()
    cleanups.push(() => scratch.drop())
    database = scratch.url
  }
  const dir = mkdtempSync(join(tmpdir(), `prefcenter-${kind}-`))
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
  if (kind === 'node-sqlite') database = `sqlite:${join(dir, 'prefcenter.db')}`

  const mail = await startMailSink()
  const mailchimp = await startFakeMailchimp()
  const events = await startRecorder()
  const port = await freePort()
  const env: Record<string, string> = {
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    SIGNING_KEYS,
    ADMIN_TOKEN,
    MAIL_TRANSPORT: 'mandrill',
    MANDRILL_API_KEY: MANDRILL_KEY,
    MANDRILL_API_URL: mail.url,
    MAIL_FROM: 'Prefcenter Tests <no-reply@prefcenter.test>',
    MAILCHIMP_WEBHOOK_SECRET: WEBHOOK_SECRET,
    ORGANIZATION_NAME: ORGANIZATION.name,
    ORGANIZATION_ADDRESS: ORGANIZATION.address,
    EVENTS_WEBHOOK_URL: events.url,
    EVENTS_WEBHOOK_SECRET: EVENTS_SECRET,
    ...mailchimp.env(),
  }
  if (database) env.DATABASE_URL = database
  Object.assign(env, extraEnv)
  if (kind === 'workerd-d1') {
    env.PREFCENTER_WORKER_STATE = join(dir, 'wrangler-state')
    // Cron triggers every 3 s instead of every minute, so retries happen within the test.
    env.PREFCENTER_CRON_SECONDS = '3'
    // A terminal that forces colour: worker:dev must still cut the paths of wrangler's lines.
    env.FORCE_COLOR = '1'
  }
  try {
    const server = await startServer({
      script: kind === 'workerd-d1' ? 'worker:dev' : 'start',
      env,
      port,
      startLimitMs: kind === 'workerd-d1' ? 120_000 : 60_000,
    })
    return {
      baseUrl: server.baseUrl,
      mail,
      mailchimp,
      events,
      output: server.output,
      async stop() {
        await server.stop()
        await mail.close()
        await mailchimp.close()
        await events.close()
        for (const cleanup of cleanups.reverse()) await cleanup()
      },
    }
  } catch (error) {
    await mail.close()
    await mailchimp.close()
    await events.close()
    for (const cleanup of cleanups.reverse()) await cleanup()
    throw error
  }
}
