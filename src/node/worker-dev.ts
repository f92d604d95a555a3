import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { createInterface } from 'node:readline'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { CONFIG_VARIABLES, ConfigError, loadConfig } from '../config.js'
import { createLogger } from '../logger.js'
import { resolveSigningKeys } from './signing-keys.js'
import { startSmtpRelay, type SmtpRelay } from './worker-dev-smtp-relay.js'

/**
 * `npm run worker:dev`: the Worker on workerd with a local D1 database, offline. Reads the
 * contract's variables from the environment (and `.env`), applies the migrations to the local
 * D1, then runs `wrangler dev --local` on PORT (default 3000, as on Node) and HOST (default 0.0.0.0).
 * Local state lives in `.wrangler/state`, or in PREFCENTER_WORKER_STATE when set.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/**
 * Variables handed to the Worker: every one the configuration reads (from its schema, so a new
 * setting reaches workerd without a second list to keep), but the database, which is D1 here,
 * and HOST, which is wrangler's; and the service's own PREFCENTER_* settings.
 */
const passed = (name: string) =>
  (CONFIG_VARIABLES.includes(name) && name !== 'DATABASE_URL' && name !== 'HOST') ||
  name.startsWith('PREFCENTER_')

async function main(): Promise<void> {
  process.chdir(root)
  if (existsSync('.env')) process.loadEnvFile('.env')
  const env = process.env
  const port = Number(env.PORT || 3000)
  const host = env.HOST || '0.0.0.0'
  const config = loadConfig({ ...env, PORT: String(port), DATABASE_URL: undefined })
  const logger = createLogger(config.logLevel)
  const keys = resolveSigningKeys(config, logger)

  const vars: Record<string, string> = {}
  for (const [name, value] of Object.entries(env))
    if (passed(name) && value !== undefined) vars[name] = value
  vars.PORT = String(port)
  vars.PUBLIC_URL = config.publicUrl
  vars.SIGNING_KEYS = keys.map((key) => `${key.kid}:${key.secret}`).join(',')
  // SMTP_URL: mail leaves through the Node SMTP transport, via a loopback relay (see there why);
  // PREFCENTER_WORKER_SMTP=direct uses the Worker's own socket client instead.
  let relay: SmtpRelay | undefined
  if (
    config.mailTransport === 'smtp' &&
    config.smtpUrl &&
    env.PREFCENTER_WORKER_SMTP !== 'direct'
  ) {
    relay = await startSmtpRelay(config.smtpUrl, config.mailFrom, logger)
    Object.assign(vars, {
      MAIL_TRANSPORT: 'mandrill',
      MANDRILL_API_URL: relay.url,
      MANDRILL_API_KEY: relay.key,
    })
  }

  const state = resolve(env.PREFCENTER_WORKER_STATE || '.wrangler/state')
  mkdirSync(state, { recursive: true })
  const varsFile = join(state, 'prefcenter.dev.vars')
  writeFileSync(
    varsFile,
    `${Object.entries(vars)
      .map(([name, value]) => `${name}=${quote(value)}`)
      .join('\n')}\n`,
    { mode: 0o600 },
  )
  chmodSync(varsFile, 0o600)

  const wrangler = createRequire(import.meta.url).resolve('wrangler/bin/wrangler.js')
  // Offline and non-interactive: no telemetry, no login, no prompts, no update check.
  const childEnv = {
    ...env,
    WRANGLER_SEND_METRICS: 'false',
    CLOUDFLARE_CF_FETCH_ENABLED: 'false',
    CI: env.CI ?? '1',
    NO_UPDATE_NOTIFIER: '1',
    // 'log' shows the Worker's console output (printed mail, JSON logs); it also shows a line
    // per request, whose path is cut below. Plain text, so that cut always finds the line.
    WRANGLER_LOG: env.WRANGLER_LOG ?? 'log',
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  }
  const migrated = spawnSync(
    process.execPath,
    [wrangler, 'd1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state],
    {
      env: childEnv,
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  )
  if (migrated.status !== 0) {
    console.error(
      'Prefcenter cannot start: applying the migrations to the local D1 database failed',
    )
    process.exit(migrated.status ?? 1)
  }

  const child = spawn(
    process.execPath,
    [
      wrangler,
      'dev',
      '--local',
      '--port',
      String(port),
      '--ip',
      host,
      '--persist-to',
      state,
      '--env-file',
      varsFile,
      '--show-interactive-dev-session=false',
    ],
    { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] },
  )
  // wrangler prints a line per request with its whole path, and paths carry addresses (the
  // admin API), signed tokens and the webhook secret: only the first segment goes through.
  for (const [from, to] of [
    [child.stdout, process.stdout],
    [child.stderr, process.stderr],
  ] as const)
    createInterface({ input: from, crlfDelay: Number.POSITIVE_INFINITY }).on('line', (line) =>
      to.write(`${redactRequestLine(line)}\n`),
    )
  // wrangler dev does not fire cron triggers; this does, like Cloudflare would, so outbox
  // retries and pruning happen locally too.
  const cronMs = Number(env.PREFCENTER_CRON_SECONDS || 60) * 1000
  const cronUrl = `http://${host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host}:${port}/cdn-cgi/handler/scheduled`
  // Like Cloudflare, the trigger's time is the start of its minute (hourly jobs key on it).
  const fire = () =>
    fetch(
      `${cronUrl}?cron=${encodeURIComponent('* * * * *')}&time=${Math.floor(Date.now() / 60_000) * 60_000}`,
    )
  const cron = setInterval(
    () =>
      void fire()
        .then((res) => res.body?.cancel())
        .catch(() => undefined),
    cronMs,
  )
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      clearInterval(cron)
      void relay?.close()
      child.kill(signal)
    })
  }
  // 'close', not 'exit': the last lines of its output are through by then.
  child.on('close', (code, signal) => {
    clearInterval(cron)
    process.exit(code ?? (signal ? 0 : 1))
  })
}

/** Terminal colour codes. */
const ANSI = /\u001b\[[0-9;]*m/g

const REQUEST_LINE =
  /(\[wrangler:info\]\S*\s+(?:GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS)\s+)(\/[^/?\s]*)(\S*)/

/**
 * wrangler's request line with the path cut after its first segment.
 *
 * @example redactRequestLine('[wrangler:info] GET /api/v1/contacts/a@b.example 404 Not Found (9ms)')
 *   // '[wrangler:info] GET /api/… 404 Not Found (9ms)'
 */
function redactRequestLine(line: string): string {
  // Colour codes (FORCE_COLOR in the caller's environment) would hide the line from the pattern.
  const plain = line.replace(ANSI, '')
  if (!REQUEST_LINE.test(plain)) return line
  return plain.replace(REQUEST_LINE, (_all, head: string, first: string, rest: string) =>
    rest ? `${head}${first}${rest.startsWith('?') ? '?' : '/'}…` : `${head}${first}`,
  )
}

/** dotenv quoting: single quotes keep the value literal (no escapes, no $ expansion). */
function quote(value: string): string {
  if (!value.includes("'") && !value.includes('\n')) return `'${value}'`
  if (!value.includes('"')) return `"${value.replace(/\n/g, '\\n')}"`
  throw new ConfigError('a variable holds both quote kinds, which .dev.vars cannot carry')
}

main().catch((error: unknown) => {
  console.error(
    `Prefcenter cannot start: ${error instanceof Error ? error.message : String(error)}`,
  )
  process.exit(1)
})
