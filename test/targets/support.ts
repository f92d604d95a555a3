import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const SIGNING_KEYS = 'k1:target-suite-secret-0123456789abcdefghijkl'
export const ADMIN_TOKEN = 'target-suite-admin-token-0123456789'
export const WEBHOOK_SECRET = 'target-suite-webhook-secret'
export const MANDRILL_KEY = 'target-suite-mandrill-key'
/** Who sends: every page and mail footer must name them, on every target. */
export const ORGANIZATION = { name: 'Suite Sender Oy', address: 'Testikatu 5, 00100 Helsinki' }
/** Standard Webhooks form: whsec_ and the base64 of the key bytes. */
export const EVENTS_SECRET = `whsec_${Buffer.from('target-suite-events-key-0123456789ab').toString('base64')}`

export interface SentMail {
  to: string
  subject: string
  text: string
  html: string
  headers: Record<string, string>
  fromEmail: string
}

/**
 * Plays Mailchimp Transactional (Mandrill): every target sends its mail here over HTTP
 * (MAIL_TRANSPORT=mandrill), so the suite reads mail the same way on Node and on workerd.
 */
export async function startMailSink() {
  const mails: SentMail[] = []
  const rejectedKeys: string[] = []
  const server: Server = createServer(async (req, res) => {
    let raw = ''
    for await (const chunk of req) raw += chunk
    try {
      const body = JSON.parse(raw) as { key: string; message: any }
      if (
        req.method !== 'POST' ||
        req.url !== '/api/1.0/messages/send' ||
        body.key !== MANDRILL_KEY
      ) {
        rejectedKeys.push(String(body.key))
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ status: 'error', name: 'Invalid_Key' }))
        return
      }
      for (const to of body.message.to) {
        mails.push({
          to: to.email,
          subject: body.message.subject,
          text: body.message.text,
          html: body.message.html,
          headers: body.message.headers ?? {},
          fromEmail: body.message.from_email,
        })
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify(
          body.message.to.map((to: { email: string }) => ({
            email: to.email,
            status: 'sent',
            _id: String(mails.length),
          })),
        ),
      )
    } catch {
      res.writeHead(400).end()
    }
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/1.0`
  return {
    url,
    mails,
    rejectedKeys,
    to: (address: string) => mails.filter((mail) => mail.to === address),
    /** Waits (up to 30 s) for the n-th message to `address`. */
    async waitFor(address: string, count = 1): Promise<SentMail> {
      await waitUntil(
        () => mails.filter((mail) => mail.to === address).length >= count,
        `mail #${count} to a test address`,
      )
      return mails.filter((mail) => mail.to === address)[count - 1]!
    },
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
export type MailSink = Awaited<ReturnType<typeof startMailSink>>

/** Records every request it receives: the host application's events webhook. */
export async function startRecorder() {
  const received: Array<{
    method: string
    path: string
    headers: Record<string, string>
    body: string
  }> = []
  const server: Server = createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    received.push({
      method: req.method!,
      path: req.url!,
      headers: req.headers as Record<string, string>,
      body,
    })
    res.writeHead(204).end()
  })
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/prefcenter`,
    received,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections()
        server.close(() => done())
      }),
  }
}
export type Recorder = Awaited<ReturnType<typeof startRecorder>>

/** Polls `check` until it holds; not a timing assertion, only a bound on waiting. */
export async function waitUntil(
  check: () => boolean | Promise<boolean>,
  what: string,
  limitMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + limitMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`)
    await new Promise((done) => setTimeout(done, 100))
  }
}

export async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
  const port = (server.address() as AddressInfo).port
  await new Promise((done) => server.close(done))
  return port
}

export interface StartedServer {
  baseUrl: string
  port: number
  /** Everything the process printed so far. */
  output(): string
  stop(): Promise<void>
}

/**
 * Starts a target as a user would (`npm start`, `npm run worker:dev`) in its own process
 * group, waits for /healthz, and stops the whole group afterwards.
 */
export async function startServer(options: {
  script: string
  env: Record<string, string>
  port: number
  startLimitMs?: number
}): Promise<StartedServer> {
  const env: Record<string, string> = {}
  // A clean environment: only what a shell needs, plus the target's variables.
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG', 'CI', 'npm_config_cache'])
    if (process.env[name]) env[name] = process.env[name]!
  Object.assign(
    env,
    { HOST: '127.0.0.1', PORT: String(options.port), LOG_LEVEL: 'info' },
    options.env,
  )
  const child: ChildProcess = spawn('npm', ['run', '--silent', options.script], {
    cwd: ROOT,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout!.on('data', (chunk) => (output += chunk))
  child.stderr!.on('data', (chunk) => (output += chunk))
  let exited = false
  const exit = new Promise<void>((done) =>
    child.once('exit', () => {
      exited = true
      done()
    }),
  )
  const baseUrl = `http://127.0.0.1:${options.port}`
  /**
   * Stops it as a supervisor would: SIGTERM to the npm process only. The server must go away
   * with it (the scripts exec, so npm's signal reaches the server); a server still answering
   * afterwards fails the test. The whole process group is ended in any case.
   */
  const stop = async () => {
    let survived = false
    if (!exited) {
      try {
        child.kill('SIGTERM')
      } catch {}
      const killer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL')
        } catch {}
      }, 15_000)
      await exit
      clearTimeout(killer)
      survived = await waitUntil(async () => !(await answers()), 'the server to stop', 10_000).then(
        () => false,
        () => true,
      )
    }
    try {
      process.kill(-child.pid!, 'SIGKILL')
    } catch {}
    if (survived)
      throw new Error(
        `${options.script}: the server kept answering after npm was stopped with SIGTERM`,
      )
  }
  const answers = async () => {
    try {
      const res = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2000) })
      return res.status === 200
    } catch {
      return false
    }
  }
  try {
    await waitUntil(
      async () => {
        if (exited)
          throw new Error(
            `the ${options.script} process exited before answering /healthz:\n${output.slice(-3000)}`,
          )
        return answers()
      },
      `${options.script} to answer /healthz`,
      options.startLimitMs ?? 60_000,
    )
  } catch (error) {
    await stop()
    throw new Error(`${(error as Error).message}\n--- output ---\n${output.slice(-3000)}`)
  }
  return { baseUrl, port: options.port, output: () => output, stop }
}
