import { type ChildProcess, spawn } from 'node:child_process'
import { createServer, type AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'

export const ROOT = fileURLToPath(new URL('..', import.meta.url))

export interface Started {
  url: string
  child: ChildProcess
  stop: () => Promise<void>
}

/** A port free right now on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const { port } = probe.address() as AddressInfo
  await new Promise<void>((done) => probe.close(() => done()))
  return port
}

/**
 * Runs `command` (e.g. `npm start`) as a child process and waits until `/healthz` (or `/` for
 * the bare server) answers on `port`.
 *
 * @example const server = await startProcess('npm', ['start'], env, port, '/healthz')
 */
export async function startProcess(
  command: string,
  args: string[],
  env: Record<string, string>,
  port: number,
  probePath: string,
): Promise<Started> {
  let output = ''
  const child = spawn(command, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  // The stdout mailer prints every mail; keep only the tail of the output for errors.
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000))
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 60_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${command} exited:\n${output}`)
    const ok = await fetch(url + probePath).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) break
    if (Date.now() > deadline) throw new Error(`${command} did not answer:\n${output}`)
    await new Promise((done) => setTimeout(done, 200))
  }
  return {
    url,
    child,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((done) => child.once('exit', done))
      child.kill('SIGTERM')
      await exited
    },
  }
}
