import { z } from 'zod'

/** A duration such as `7d`, `12h`, `30m`, `45s` or a number of seconds; parsed to milliseconds. */
const duration = z
  .string()
  .trim()
  .regex(/^\d+\s*(ms|s|m|h|d)?$/, 'expected a duration such as 7d, 12h, 30m or 45s')
  .transform((text) => {
    const match = /^(\d+)\s*(ms|s|m|h|d)?$/.exec(text)!
    const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[match[2] ?? 's']!
    return Number(match[1]) * unit
  })

const optional = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))

export interface SigningKey {
  kid: string
  secret: string
}

/** `kid:secret,kid:secret`: the first signs, every one verifies. */
export function parseSigningKeys(text: string): SigningKey[] {
  const keys = text
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const colon = part.indexOf(':')
      if (colon <= 0) throw new Error('each entry must be kid:secret')
      const kid = part.slice(0, colon)
      const secret = part.slice(colon + 1)
      if (!/^[A-Za-z0-9_-]{1,32}$/.test(kid)) {
        throw new Error('a key id may hold only letters, digits, _ and - (at most 32)')
      }
      if (secret.length < 32)
        throw new Error(`the secret of key "${kid}" is shorter than 32 characters`)
      return { kid, secret }
    })
  if (keys.length === 0) throw new Error('no key given')
  if (new Set(keys.map((key) => key.kid)).size !== keys.length)
    throw new Error('a key id is listed twice')
  return keys
}

const envSchema = z.object({
  NODE_ENV: optional,
  // An empty value (`PORT=` left in .env) is unset, as for every other variable: not port 0.
  PORT: optional.pipe(z.coerce.number<string | undefined>().int().min(0).max(65535).default(3000)),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .default('sqlite:./data/prefcenter.db')
    .refine(
      (url) => /^(sqlite:.+|postgres(ql)?:\/\/.+|d1:.*)$/.test(url),
      'expected sqlite:<path>, sqlite::memory: or postgres://...',
    ),
  PUBLIC_URL: optional.pipe(
    z
      .string()
      .url('expected an absolute http(s) URL')
      .refine((url) => /^https?:\/\//i.test(url), 'expected an absolute http(s) URL')
      .optional(),
  ),
  SIGNING_KEYS: optional.transform((text, ctx) => {
    if (text === undefined) return undefined
    try {
      return parseSigningKeys(text)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message })
      return z.NEVER
    }
  }),
  RETIRED_SIGNING_KEYS: optional.transform((text, ctx) => {
    if (text === undefined) return []
    try {
      return parseSigningKeys(text)
    } catch (error) {
      ctx.addIssue({ code: 'custom', message: (error as Error).message })
      return z.NEVER
    }
  }),
  ADMIN_TOKEN: optional.pipe(z.string().min(16, 'must be at least 16 characters').optional()),
  // The message names the form, never the value: an SMTP URL carries a password.
  SMTP_URL: optional.pipe(
    z
      .string()
      .refine(
        (url) => /^smtps?:\/\/.+/.test(url) && URL.canParse(url) && new URL(url).hostname !== '',
        'expected smtp://user:pass@host:port or smtps://... (a port from 1 to 65535)',
      )
      .optional(),
  ),
  MAIL_FROM: optional.pipe(
    z
      .string()
      .refine(
        (from) => /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(from),
        'expected an address, e.g. news@example.com or "Example <news@example.com>"',
      )
      .default('Prefcenter <no-reply@localhost>'),
  ),
  MAIL_REPLY_TO: optional.pipe(
    z
      .string()
      .refine(
        (to) => /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(to),
        'expected an address that reads replies, e.g. privacy@example.com',
      )
      .optional(),
  ),
  MAIL_TRANSPORT: optional.pipe(z.enum(['smtp', 'stdout', 'mandrill']).optional()),
  MANDRILL_API_KEY: optional,
  MANDRILL_API_URL: optional.pipe(z.string().url().optional()),
  MAILCHIMP_API_KEY: optional.pipe(
    z
      .string()
      .regex(/^[^-\s]+-[a-z]+\d+$/, 'expected <key>-<dc>, e.g. abc123-us21')
      .optional(),
  ),
  MAILCHIMP_AUDIENCE_ID: optional,
  MAILCHIMP_API_URL: optional.pipe(z.string().url().optional()),
  MAILCHIMP_WEBHOOK_SECRET: optional.pipe(
    z.string().min(8, 'must be at least 8 characters').optional(),
  ),
  EVENTS_WEBHOOK_URL: optional.pipe(z.string().url().optional()),
  EVENTS_WEBHOOK_SECRET: optional,
  CONFIRM_TTL: duration.prefault('7d'),
  PENDING_TTL: duration.prefault('30d'),
  SIGNUP_LIMIT_PER_ADDRESS: optional.pipe(
    z.coerce.number<string | undefined>().int().min(1).default(3),
  ),
  SIGNUP_LIMIT_PER_IP: optional.pipe(
    z.coerce.number<string | undefined>().int().min(1).default(1000),
  ),
  TRUST_PROXY: optional.transform((value, ctx) => {
    if (value === undefined || value === 'false') return 0
    if (value === 'true') return 1
    if (!/^\d{1,2}$/.test(value)) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected the number of trusted proxies (0, 1, 2...)',
      })
      return z.NEVER
    }
    return Number(value)
  }),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error', 'silent']).default('info'),
  ORGANIZATION_NAME: optional.pipe(z.string().max(200, 'at most 200 characters').optional()),
  ORGANIZATION_ADDRESS: optional.pipe(z.string().max(500, 'at most 500 characters').optional()),
})

/** Every variable the configuration reads, by name (worker:dev hands these to the Worker). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(envSchema.shape)

export type Env = Record<string, string | undefined>

export interface Config {
  production: boolean
  port: number
  host: string
  databaseUrl: string
  publicUrl: string
  signingKeys: SigningKey[] | undefined
  /**
   * Keys taken out of SIGNING_KEYS that no link may use any more, kept so that what was hashed
   * with them (the suppression list of erased addresses) is still recognised.
   */
  retiredSigningKeys: SigningKey[]
  adminToken: string | undefined
  smtpUrl: string | undefined
  mailFrom: string
  /** Where replies to our mail go (a desk that reads them); unset: no Reply-To. */
  mailReplyTo?: string | undefined
  mailTransport: 'smtp' | 'stdout' | 'mandrill'
  mandrill: { apiKey: string; apiUrl: string } | undefined
  mailchimp: { apiKey: string; audienceId: string; apiUrl: string | undefined } | undefined
  mailchimpWebhookSecret: string | undefined
  eventsWebhook: { url: string; secret: string } | undefined
  confirmTtlMs: number
  pendingTtlMs: number
  signupLimitPerAddress: number
  signupLimitPerIp: number
  /** How many proxies in front append to X-Forwarded-For (0: use the socket address). */
  trustProxy: number
  logLevel: 'debug' | 'info' | 'warn' | 'error' | 'silent'
  /** Who sends: in every page and mail footer. Both unset: a neutral footer. */
  organization: Organization
}

/** The sender named in footers; the postal address is what commercial mail must carry. */
export interface Organization {
  name: string | undefined
  address: string | undefined
}

export class ConfigError extends Error {
  override name = 'ConfigError'
}

/**
 * Validates the environment once, before the first request. A bad value throws a
 * `ConfigError` whose message is one line naming the variable, never its value.
 *
 * @example const config = loadConfig(process.env)
 */
export function loadConfig(env: Env): Config {
  const parsed = envSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new ConfigError(`Invalid ${String(issue.path[0] ?? 'environment')}: ${issue.message}`)
  }
  const e = parsed.data
  if ((e.MAILCHIMP_API_KEY === undefined) !== (e.MAILCHIMP_AUDIENCE_ID === undefined)) {
    throw new ConfigError(
      'Invalid MAILCHIMP_AUDIENCE_ID: MAILCHIMP_API_KEY and MAILCHIMP_AUDIENCE_ID go together',
    )
  }
  const live = new Set((e.SIGNING_KEYS ?? []).map((key) => key.kid))
  const both = e.RETIRED_SIGNING_KEYS.find((key) => live.has(key.kid))
  if (both)
    throw new ConfigError(
      `Invalid RETIRED_SIGNING_KEYS: key "${both.kid}" is also in SIGNING_KEYS (a key is either in use or retired)`,
    )
  if (e.EVENTS_WEBHOOK_URL && !e.EVENTS_WEBHOOK_SECRET) {
    throw new ConfigError('Invalid EVENTS_WEBHOOK_SECRET: required when EVENTS_WEBHOOK_URL is set')
  }
  if (e.NODE_ENV === 'production') {
    // Both secrets are all that stands between the internet and a state change: in production
    // they must be long enough not to be guessed.
    for (const name of ['MAILCHIMP_WEBHOOK_SECRET', 'EVENTS_WEBHOOK_SECRET'] as const) {
      const value = e[name]
      if (value !== undefined && value.length < 32)
        throw new ConfigError(`Invalid ${name}: must be at least 32 characters in production`)
    }
  }
  const mailTransport =
    e.MAIL_TRANSPORT ?? (e.SMTP_URL ? 'smtp' : e.MANDRILL_API_KEY ? 'mandrill' : 'stdout')
  if (mailTransport === 'smtp' && !e.SMTP_URL)
    throw new ConfigError('Invalid SMTP_URL: required when MAIL_TRANSPORT=smtp')
  if (mailTransport === 'mandrill' && !e.MANDRILL_API_KEY) {
    throw new ConfigError('Invalid MANDRILL_API_KEY: required when MAIL_TRANSPORT=mandrill')
  }
  return {
    production: e.NODE_ENV === 'production',
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    publicUrl: (e.PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, ''),
    signingKeys: e.SIGNING_KEYS,
    retiredSigningKeys: e.RETIRED_SIGNING_KEYS,
    adminToken: e.ADMIN_TOKEN,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    mailReplyTo: e.MAIL_REPLY_TO,
    mailTransport,
    mandrill: e.MANDRILL_API_KEY
      ? {
          apiKey: e.MANDRILL_API_KEY,
          apiUrl: e.MANDRILL_API_URL ?? 'https://mandrillapp.com/api/1.0',
        }
      : undefined,
    mailchimp:
      e.MAILCHIMP_API_KEY && e.MAILCHIMP_AUDIENCE_ID
        ? {
            apiKey: e.MAILCHIMP_API_KEY,
            audienceId: e.MAILCHIMP_AUDIENCE_ID,
            apiUrl: e.MAILCHIMP_API_URL,
          }
        : undefined,
    mailchimpWebhookSecret: e.MAILCHIMP_WEBHOOK_SECRET,
    eventsWebhook:
      e.EVENTS_WEBHOOK_URL && e.EVENTS_WEBHOOK_SECRET
        ? { url: e.EVENTS_WEBHOOK_URL, secret: e.EVENTS_WEBHOOK_SECRET }
        : undefined,
    confirmTtlMs: e.CONFIRM_TTL,
    pendingTtlMs: e.PENDING_TTL,
    signupLimitPerAddress: e.SIGNUP_LIMIT_PER_ADDRESS,
    signupLimitPerIp: e.SIGNUP_LIMIT_PER_IP,
    trustProxy: e.TRUST_PROXY,
    logLevel: e.LOG_LEVEL,
    organization: { name: e.ORGANIZATION_NAME, address: e.ORGANIZATION_ADDRESS },
  }
}
