import { ipLimitKey } from '../limits/ip-prefix.js'
import type { Deps } from '../../deps.js'
import { isLocale, type Locale } from '../../i18n/locale.js'
import {
  type AdminSessionRow,
  deleteAdminSession,
  findAdminSession,
  insertAdminSession,
  pruneAdminSessions,
  setAdminSessionLocale,
  touchAdminSession,
} from '../../repos/admin-sessions.js'
import { forgetHit, hit } from '../../repos/rate-limits.js'
import { randomId } from '../../tokens/base64url.js'
import { secretsEqual } from '../../tokens/tokens.js'
import { keyedHash } from '../limits/rate-limit-key.js'
import { ADMIN_TOKEN_ACTOR, apiKeyActive, identifyCredential, type Scope } from './api-keys.js'

/** A session ends after 30 minutes without a request... */
export const SESSION_IDLE_MS = 30 * 60_000
/** ...and 12 hours after sign-in, whatever happens. */
export const SESSION_MAX_MS = 12 * 3_600_000
/** Sign-in attempts allowed per client address per window. */
export const SIGN_IN_LIMIT = 10
export const SIGN_IN_WINDOW_MS = 15 * 60_000
/** last_seen_at is written at most this often: the idle clock needs minutes, not milliseconds. */
const TOUCH_EVERY_MS = 60_000

/** A signed-in person, as every console handler sees them. */
export interface ConsoleSession {
  /** SHA-256 of the cookie's value: the row's key, never the value itself. */
  idHash: string
  /** API key id, or `admin-token`. */
  actor: string
  scope: Scope
  csrfToken: string
  locale: Locale
}

const encoder = new TextEncoder()

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text)))
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

function toSession(row: AdminSessionRow): ConsoleSession {
  return {
    idHash: row.id_hash,
    actor: row.actor,
    scope: row.scope,
    csrfToken: row.csrf_token,
    locale: isLocale(row.locale) ? row.locale : 'en',
  }
}

export type SignInResult =
  | { outcome: 'signed_in'; cookieValue: string; session: ConsoleSession }
  | { outcome: 'refused' }
  | { outcome: 'limited' }

/**
 * Signs in with ADMIN_TOKEN or an API key. Failed attempts are counted per client address (IPv6
 * per /64); past the limit even the right credential waits, so a guesser learns nothing more. Success opens a brand-new session with a
 * fresh random id and CSRF token (whatever cookie the browser sent before is ignored: no
 * session fixation); only the id's SHA-256 is stored.
 *
 * @example const result = await signIn(deps, form.credential, { ip, locale: 'fi' })
 */
export async function signIn(
  deps: Pick<Deps, 'db' | 'now' | 'config' | 'logger'>,
  credential: string,
  request: { ip: string | null; locale: Locale },
): Promise<SignInResult> {
  const now = deps.now()
  // IPv6 per /64, as every per-IP limit: a /64 holds 2^64 fresh addresses.
  const bucket = await keyedHash(
    deps,
    'console-sign-in-ip',
    request.ip ? ipLimitKey(request.ip) : 'unknown',
  )
  // Counted before the check, atomically, so that guesses sent at once are all counted; a
  // success is taken back: staff behind one office address sign in as often as they need.
  if ((await hit(deps.db, bucket, SIGN_IN_WINDOW_MS, now)) > SIGN_IN_LIMIT)
    return { outcome: 'limited' }
  const who = credential ? await identifyCredential(deps, credential) : undefined
  if (!who) return { outcome: 'refused' }
  await forgetHit(deps.db, bucket, SIGN_IN_WINDOW_MS, now)
  await pruneAdminSessions(deps.db, now - SESSION_IDLE_MS, now - SESSION_MAX_MS)
  const cookieValue = randomId(32)
  const row: AdminSessionRow = {
    id_hash: await sha256Hex(cookieValue),
    actor: who.actor,
    scope: who.scope,
    csrf_token: randomId(32),
    locale: request.locale,
    created_at: now,
    last_seen_at: now,
    credential_hash:
      who.actor === ADMIN_TOKEN_ACTOR ? await adminTokenHash(deps, credential) : null,
  }
  await insertAdminSession(deps.db, row)
  return { outcome: 'signed_in', cookieValue, session: toSession(row) }
}

/** Which ADMIN_TOKEN opened a session: a keyed hash, so the table never holds the token. */
function adminTokenHash(deps: Pick<Deps, 'config'>, token: string): Promise<string> {
  return keyedHash(deps, 'console-admin-token', token)
}

/** Whether the credential that opened the session still opens anything. */
async function credentialStands(
  deps: Pick<Deps, 'db' | 'config'>,
  row: AdminSessionRow,
): Promise<boolean> {
  if (row.actor !== ADMIN_TOKEN_ACTOR) return apiKeyActive(deps, row.actor)
  // ADMIN_TOKEN changed or removed since the sign-in: its sessions end with it.
  const { adminToken } = deps.config
  if (!adminToken || !row.credential_hash) return false
  return secretsEqual(row.credential_hash, await adminTokenHash(deps, adminToken))
}

/**
 * The session behind a cookie value, or undefined when there is none, it idled out (30
 * minutes), it is older than 12 hours, or the credential that opened it no longer stands (its
 * API key revoked, or ADMIN_TOKEN changed or removed). Such sessions are deleted on sight.
 *
 * @example const session = await resumeSession(deps, getCookie(c, SESSION_COOKIE))
 */
export async function resumeSession(
  deps: Pick<Deps, 'db' | 'now' | 'config'>,
  cookieValue: string | undefined,
): Promise<ConsoleSession | undefined> {
  if (!cookieValue || !/^[A-Za-z0-9_-]{43}$/.test(cookieValue)) return undefined
  const idHash = await sha256Hex(cookieValue)
  const row = await findAdminSession(deps.db, idHash)
  if (!row) return undefined
  const now = deps.now()
  const expired =
    now - Number(row.last_seen_at) > SESSION_IDLE_MS ||
    now - Number(row.created_at) > SESSION_MAX_MS
  if (expired || !(await credentialStands(deps, row))) {
    await deleteAdminSession(deps.db, idHash)
    return undefined
  }
  // Session bookkeeping, not application state: the idle clock must see reads too.
  if (now - Number(row.last_seen_at) >= TOUCH_EVERY_MS)
    await touchAdminSession(deps.db, idHash, now)
  return toSession(row)
}

/** Whether a submitted form's CSRF token is this session's, compared in constant time. */
export async function csrfValid(session: ConsoleSession, submitted: unknown): Promise<boolean> {
  return typeof submitted === 'string' && (await secretsEqual(submitted, session.csrfToken))
}

/** @example await signOut(deps, session) */
export async function signOut(deps: Pick<Deps, 'db'>, session: ConsoleSession): Promise<void> {
  await deleteAdminSession(deps.db, session.idHash)
}

/** @example await chooseSessionLocale(deps, session, 'pl') */
export async function chooseSessionLocale(
  deps: Pick<Deps, 'db'>,
  session: ConsoleSession,
  locale: Locale,
): Promise<void> {
  await setAdminSessionLocale(deps.db, session.idHash, locale)
}
