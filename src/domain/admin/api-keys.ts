import { isShowable } from '../subscription/showable.js'
import { markLinkUsed } from '../../repos/used-links.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import {
  findApiKeyByHash,
  findApiKeyById,
  findApiKeys,
  insertApiKey,
  revokeApiKey as revokeRow,
  touchApiKey,
  type ApiKeyRow,
} from '../../repos/api-keys.js'
import { randomId } from '../../tokens/base64url.js'
import { secretsEqual } from '../../tokens/tokens.js'

export type Scope = 'read' | 'write'

/** Keys look like `pck_<id>_<secret>`: the id names the key in lists and logs, the secret never leaves the caller. */
const KEY_PATTERN = /^pck_([A-Za-z0-9_-]{8,32})_([A-Za-z0-9_-]{20,100})$/

const encoder = new TextEncoder()

/** SHA-256 hex of the whole key: what the database keeps instead of the key. */
export async function hashApiKey(key: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(key)))
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
}

export interface CreatedApiKey {
  id: string
  name: string
  scope: Scope
  /** The key itself: shown once, never stored. */
  key: string
}

/**
 * The console's "Create the key": at most one key per rendered form (`formId`, a random id in
 * the form), so a reload of the answer or a double click makes no second key that nobody was
 * shown. Undefined when that form was sent before.
 *
 * @example const created = await createApiKeyOnce(deps, form.form_id, { name, scope })
 */
export async function createApiKeyOnce(
  deps: Pick<Deps, 'db' | 'now'>,
  formId: string,
  input: { name: string; scope: Scope },
): Promise<CreatedApiKey | undefined> {
  try {
    // The primary key admits one spending of a form id: a second send fails here.
    await markLinkUsed(deps.db, `console-key-form:${formId}`, deps.now())
  } catch {
    return undefined
  }
  return createApiKey(deps, input)
}

/**
 * Creates an API key and returns it once; only its SHA-256 hash is stored.
 *
 * @example const { key } = await createApiKey(deps, { name: 'crm', scope: 'read' })
 */
export async function createApiKey(
  deps: Pick<Deps, 'db' | 'now'>,
  input: { name: string; scope: Scope },
): Promise<CreatedApiKey> {
  const name = input.name.trim()
  if (name.length === 0 || name.length > 100)
    throw new AppError('invalid_body', 'name must be 1 to 100 characters')
  // The CLI's name too: it is shown back in the console (one rule for every door).
  if (!isShowable(name)) throw new AppError('invalid_body', 'name contains control characters')
  if (input.scope !== 'read' && input.scope !== 'write')
    throw new AppError('invalid_body', 'scope must be read or write')
  // Letters and digits only: an id that began with '-' would read as an option to `keys revoke`.
  const id = randomId(9).replace(/[-_]/g, 'x')
  const key = `pck_${id}_${randomId(32)}`
  await insertApiKey(deps.db, {
    id,
    name,
    scope: input.scope,
    key_hash: await hashApiKey(key),
    created_at: deps.now(),
  })
  return { id, name, scope: input.scope, key }
}

export interface ApiKeySummary {
  id: string
  name: string
  scope: Scope
  created_at: number
  revoked_at: number | null
  last_used_at: number | null
}

/** Every key, revoked ones included, without hashes. */
export async function listApiKeys(deps: Pick<Deps, 'db'>): Promise<ApiKeySummary[]> {
  return (await findApiKeys(deps.db)).map(({ key_hash: _hash, ...rest }) => rest)
}

/** Revokes a key at once; unknown or already revoked ids are a not_found. */
export async function revokeApiKey(deps: Pick<Deps, 'db' | 'now'>, id: string): Promise<void> {
  if (!(await revokeRow(deps.db, id, deps.now())))
    throw new AppError('not_found', 'No active API key with that id')
}

/** Only write last_used_at once a minute: a read API should not write on every request. */
const TOUCH_EVERY_MS = 60_000

/**
 * The scope a bearer credential grants, or undefined: ADMIN_TOKEN grants write (every scope),
 * an active API key its own scope. Comparisons are constant-time.
 *
 * @example const scope = await authenticate(deps, 'pck_abc..._...')
 */
export async function authenticate(
  deps: Pick<Deps, 'db' | 'now' | 'config' | 'logger'>,
  credential: string,
): Promise<Scope | undefined> {
  return (await identifyCredential(deps, credential))?.scope
}

/** Who a credential is: `admin-token`, or the id of the API key, for the console's audit log. */
export interface Credential {
  actor: string
  scope: Scope
}

/** The actor name of ADMIN_TOKEN in sessions and the audit log. */
export const ADMIN_TOKEN_ACTOR = 'admin-token'

/**
 * Like `authenticate`, and also says who: the API key's id, or `admin-token`.
 *
 * @example const who = await identifyCredential(deps, form.credential) // { actor: 'k3x…', scope: 'read' }
 */
export async function identifyCredential(
  deps: Pick<Deps, 'db' | 'now' | 'config' | 'logger'>,
  credential: string,
): Promise<Credential | undefined> {
  const { adminToken } = deps.config
  if (adminToken && (await secretsEqual(credential, adminToken)))
    return { actor: ADMIN_TOKEN_ACTOR, scope: 'write' }
  if (!KEY_PATTERN.test(credential)) return undefined
  const hash = await hashApiKey(credential)
  let row: ApiKeyRow | undefined
  try {
    row = await findApiKeyByHash(deps.db, hash)
  } catch (error) {
    deps.logger.error('api key lookup failed', { error: String(error) })
    throw new AppError('unavailable', 'Cannot check credentials right now')
  }
  if (!row || row.revoked_at !== null || !(await secretsEqual(hash, row.key_hash))) return undefined
  const now = deps.now()
  if (row.last_used_at === null || now - row.last_used_at > TOUCH_EVERY_MS) {
    await touchApiKey(deps.db, row.id, now).catch(() => undefined)
  }
  return { actor: row.id, scope: row.scope }
}

/** Whether the API key with this id exists and is not revoked (a console session needs it). */
export async function apiKeyActive(deps: Pick<Deps, 'db'>, id: string): Promise<boolean> {
  const row = await findApiKeyById(deps.db, id)
  return row !== undefined && row.revoked_at === null
}
