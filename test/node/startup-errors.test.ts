import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'

const ROOT = join(import.meta.dirname, '../..')

/** Starts `npm start`'s command with `env` and collects its exit code and output. */
function start(env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/start.mjs'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'error', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr.on('data', (chunk) => {
      stderr += chunk
    })
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve({ code, stderr })
    })
  })
}

/** A TCP port that something listens on (blocker) or that nothing listens on (closed). */
async function listening(): Promise<Server> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return server
}
const portOf = (server: Server) => (server.address() as { port: number }).port

let dir: string | undefined
const servers: Server[] = []
afterEach(() => {
  for (const server of servers.splice(0)) server.close()
  if (dir) rmSync(dir, { recursive: true, force: true })
  dir = undefined
})

describe('start-up failures end in one clear line', () => {
  it('names a port in use (EADDRINUSE) and the fix, without a stack trace', async () => {
    const blocker = await listening()
    servers.push(blocker)
    dir = mkdtempSync(join(tmpdir(), 'prefcenter-start-'))
    const { code, stderr } = await start({
      PORT: String(portOf(blocker)),
      HOST: '127.0.0.1',
      DATABASE_URL: `sqlite:${join(dir, 'db.sqlite')}`,
      SIGNING_KEYS: 'k1:startup-test-secret-0123456789abcdefghij',
    })
    expect(code).toBe(1)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toBe(
      `Prefcenter cannot start: port ${portOf(blocker)} is already in use on 127.0.0.1:${portOf(blocker)} (EADDRINUSE). Stop the other process or set PORT to a free port.`,
    )
  }, 90_000)

  it('names an unreachable PostgreSQL (ECONNREFUSED) without the password or a stack trace', async () => {
    const probe = await listening()
    const closedPort = portOf(probe)
    await new Promise((resolve) => probe.close(resolve))
    const { code, stderr } = await start({
      PORT: '0',
      DATABASE_URL: `postgres://app:s3cret-pw@127.0.0.1:${closedPort}/prefcenter`,
      SIGNING_KEYS: 'k1:startup-test-secret-0123456789abcdefghij',
    })
    expect(code).toBe(1)
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toBe(
      `Prefcenter cannot start: PostgreSQL at 127.0.0.1:${closedPort}/prefcenter refused the connection (ECONNREFUSED). Start PostgreSQL or fix host and port in DATABASE_URL.`,
    )
    expect(stderr).not.toContain('s3cret-pw')
  }, 90_000)
})
