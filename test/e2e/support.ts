import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import PostalMime from 'postal-mime'
import { SMTPServer } from 'smtp-server'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

export interface ReceivedMail {
  to: string[]
  subject: string
  text: string
  html: string
  /** Lower-cased header names. */
  headers: Map<string, string>
}

export interface Stack {
  /** `http://127.0.0.1:<port>`, also the PUBLIC_URL. */
  base: string
  dbPath: string
  mails: ReceivedMail[]
  /** Resolves with the `index`-th mail to `address` once the SMTP server has it. */
  mailTo(address: string, index?: number): Promise<ReceivedMail>
  /** The path of the first `<base>/<kind>/<token>` link in a text. */
  pathOf(text: string, kind: 'confirm' | 'preferences' | 'unsubscribe'): string
  /** Everything the server printed. */
  output(): string
  stop(): Promise<void>
}

/** A TCP port on loopback that nothing listens on (a moment ago). */
export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const { port } = server.address() as AddressInfo
  await new Promise<void>((done) => server.close(() => done()))
  return port
}

export async function eventually<T>(
  read: () => T | undefined,
  what: string,
  limitMs = 20_000,
): Promise<T> {
  const until = Date.now() + limitMs
  for (;;) {
    const value = read()
    if (value !== undefined) return value
    if (Date.now() > until) throw new Error(`gave up waiting for ${what}`)
    await new Promise((done) => setTimeout(done, 50))
  }
}

function startSmtp(mails: ReceivedMail[]): Promise<SMTPServer> {
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = []
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('end', () => {
        PostalMime.parse(Buffer.concat(chunks))
          .then((parsed) => {
            mails.push({
              to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: parsed.html ?? '',
              headers: new Map(
                parsed.headers.map((header) => [header.key.toLowerCase(), header.value]),
              ),
            })
            callback()
          })
          .catch((error: Error) => callback(error))
      })
    },
  })
  return new Promise((done) => smtp.listen(0, '127.0.0.1', () => done(smtp)))
}

/**
 * Starts the service the way `npm start` does (node bin/start.mjs) on a fresh SQLite file,
 * with SMTP_URL pointing at a real SMTP server that keeps every message it receives; `extraEnv`
 * adds variables (ADMIN_TOKEN for the console walkthrough and the page walk, the organisation).
 *
 * @example const stack = await startStack(); …; await stack.stop()
 */
export async function startStack(extraEnv: Record<string, string> = {}): Promise<Stack> {
  const mails: ReceivedMail[] = []
  const smtp = await startSmtp(mails)
  const smtpPort = (smtp.server.address() as AddressInfo).port
  const dir = mkdtempSync(join(tmpdir(), 'prefcenter-e2e-'))
  const dbPath = join(dir, 'e2e.db')
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  let started: Awaited<ReturnType<typeof startNodeServer>>
  try {
    started = await startNodeServer({
      PORT: String(port),
      PUBLIC_URL: base,
      DATABASE_URL: `sqlite:${dbPath}`,
      SIGNING_KEYS: 'e2e:e2e-signing-secret-0123456789abcdefghij',
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      MAIL_FROM: 'Prefcenter <no-reply@prefcenter.test>',
      ...extraEnv,
    })
  } catch (error) {
    await new Promise<void>((done) => smtp.close(() => done()))
    rmSync(dir, { recursive: true, force: true })
    throw error
  }
  const { child: server, output } = started
  const stop = async () => {
    if (server.exitCode === null) {
      const exited = new Promise((done) => server.once('exit', done))
      server.kill('SIGTERM')
      await Promise.race([exited, new Promise((done) => setTimeout(done, 5000))])
      if (server.exitCode === null) server.kill('SIGKILL')
    }
    await new Promise<void>((done) => smtp.close(() => done()))
    rmSync(dir, { recursive: true, force: true })
  }
  return {
    base,
    dbPath,
    mails,
    mailTo: (address, index = 0) =>
      eventually(
        () => mails.filter((mail) => mail.to.includes(address))[index],
        `mail #${index + 1}`,
      ),
    pathOf: (text, kind) => {
      const match = new RegExp(`${base.replace(/[.]/g, '\\.')}(/${kind}/[A-Za-z0-9._-]+)`).exec(
        text,
      )
      if (!match) throw new Error(`no ${kind} link in: ${text}`)
      return match[1]!
    },
    output,
    stop,
  }
}

/**
 * `npm start`'s command (node bin/start.mjs) as a child process with `env` (HOST 127.0.0.1 and
 * LOG_LEVEL info unless given); resolves once it listens, with everything it prints.
 * `detached`: its own process group, so that a test can kill it as a power cut would.
 *
 * @example const { child, output } = await startNodeServer({ PORT: '4000', DATABASE_URL })
 */
export async function startNodeServer(
  env: Record<string, string>,
  options: { detached?: boolean } = {},
): Promise<{ child: ChildProcess; output: () => string }> {
  let output = ''
  const child = spawn(process.execPath, ['bin/start.mjs'], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.detached ?? false,
  })
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
  const up = await eventually(
    () =>
      output.includes('Prefcenter is listening')
        ? true
        : child.exitCode !== null
          ? false
          : undefined,
    'the server',
    60_000,
  ).catch(() => false)
  if (!up) {
    if (child.exitCode === null) child.kill('SIGKILL')
    throw new Error(`the server did not start:\n${output}`)
  }
  return { child, output: () => output }
}
