import { describe, expect, it } from 'vitest'
import { loadConfig } from '../src/config.js'
import { buildDeps } from '../src/deps.js'
import { createLogger } from '../src/logger.js'
import { StdoutMailer } from '../src/mail/stdout-mailer.js'
import { openDatabase } from '../src/node/database.js'
import { TEST_KEYS } from './support/test-app.js'

async function parts(env: Record<string, string> = {}) {
  const config = loadConfig({ SIGNING_KEYS: TEST_KEYS, DATABASE_URL: 'sqlite::memory:', ...env })
  const database = await openDatabase(config.databaseUrl)
  return {
    parts: {
      config,
      db: database.db,
      dbKind: database.kind,
      mailer: new StdoutMailer(config.mailFrom, () => {}),
      logger: createLogger('silent'),
    },
    close: () => database.close(),
  }
}

describe('buildDeps: the one way to build Deps (Node, Workers, tests)', () => {
  it('builds the Mailchimp client exactly when Mailchimp is configured', async () => {
    const off = await parts()
    expect(buildDeps(off.parts).mailchimp).toBeUndefined()
    const on = await parts({
      MAILCHIMP_API_KEY: 'abc-us1',
      MAILCHIMP_AUDIENCE_ID: 'aud1',
      MAILCHIMP_API_URL: 'http://127.0.0.1:9/3.0',
    })
    const deps = buildDeps(on.parts)
    expect(typeof deps.mailchimp?.putMember).toBe('function')
    await Promise.all([off.close(), on.close()])
  })

  it('hands the finished deps to the runtime once, and notifyOutbox wakes what it returned', async () => {
    const { parts: p, close } = await parts()
    const woken: string[] = []
    let seen: unknown
    const deps = buildDeps(p, {
      wake: (built) => {
        seen = built
        return (topic) => woken.push(topic)
      },
    })
    expect(seen).toBe(deps)
    deps.notifyOutbox?.('mailchimp')
    expect(woken).toEqual(['mailchimp'])
    expect(buildDeps(p).notifyOutbox).toBeUndefined()
    await close()
  })

  it('cannot be changed once built', async () => {
    const { parts: p, close } = await parts()
    const deps = buildDeps(p)
    expect(() => {
      ;(deps as { notifyOutbox?: unknown }).notifyOutbox = () => {}
    }).toThrow(TypeError)
    await close()
  })
})
