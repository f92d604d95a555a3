import { afterEach, describe, expect, it, vi } from 'vitest'
import { buildNodeDeps } from '../../src/node/deps.js'

// Mail printed to stdout carries its recipient and working links: the contract allows it as the
// default, so in production the start says so (a privacy review found it silent).

const base = {
  DATABASE_URL: 'sqlite::memory:',
  SIGNING_KEYS: 'k1:0123456789abcdef0123456789abcdef',
  LOG_LEVEL: 'info',
}
let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  close = undefined
  vi.restoreAllMocks()
})

async function startLines(env: Record<string, string>): Promise<string> {
  const lines: string[] = []
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)))
  const built = await buildNodeDeps(env)
  close = built.close
  return lines.join('\n')
}

describe('start-up warnings', () => {
  it('warns in production when mail would be printed instead of sent', async () => {
    const lines = await startLines({ ...base, NODE_ENV: 'production' })
    expect(lines).toMatch(/"level":"warn".*No SMTP_URL/)
    expect(lines).toMatch(
      /"level":"warn".*No PUBLIC_URL: every link sent points to http:\/\/localhost:3000/,
    )
  })

  it('says nothing of it in development, or with SMTP_URL set', async () => {
    expect(await startLines(base)).not.toContain('No SMTP_URL')
    await close?.()
    close = undefined
    vi.restoreAllMocks()
    const withSmtp = await startLines({
      ...base,
      NODE_ENV: 'production',
      SMTP_URL: 'smtp://127.0.0.1:2525',
      PUBLIC_URL: 'https://prefs.example.com',
    })
    expect(withSmtp).not.toContain('No SMTP_URL')
    expect(withSmtp).not.toContain('No PUBLIC_URL')
  })
})
