import type { SigningKey } from '../../config.js'
import type { Db } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { deleteSuppressions, insertSuppression, suppressedAmong } from '../../repos/suppressions.js'
import { encodeBase64Url } from '../../tokens/base64url.js'
import type { Hmac } from '../../tokens/tokens.js'

const encoder = new TextEncoder()

/**
 * The keys suppression hashes are made with: the signing keys (the Node entry puts generated
 * development keys into config too), the first of which makes new ones, then the retired keys
 * (RETIRED_SIGNING_KEYS), which sign and verify no link but keep recognising the addresses
 * erased while they were first. Without any signing key, suppression cannot work, so it is a bug.
 *
 * @example await isSuppressed(deps.db, suppressionKeys(deps), email)
 */
export function suppressionKeys(deps: Pick<Deps, 'config'>): SigningKey[] {
  const keys = deps.config.signingKeys
  if (!keys || keys.length === 0)
    throw new Error('no signing keys configured: suppression hashes need one')
  return [...keys, ...deps.config.retiredSigningKeys]
}

// Imported once per signing key: importing per address was an eighth of a large import's CPU.
const cryptoKeys = new Map<string, Promise<CryptoKey>>()

async function keyedHash(key: SigningKey, email: string, hmac?: Hmac): Promise<string> {
  // The same bytes either way: HMAC-SHA256 keyed by the UTF-8 of `suppression:<secret>`.
  if (hmac) return encodeBase64Url(await hmac(`suppression:${key.secret}`, email))
  let cryptoKey = cryptoKeys.get(key.secret)
  if (!cryptoKey) {
    cryptoKey = crypto.subtle.importKey(
      'raw',
      encoder.encode(`suppression:${key.secret}`),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    )
    cryptoKeys.set(key.secret, cryptoKey)
  }
  return encodeBase64Url(
    new Uint8Array(await crypto.subtle.sign('HMAC', await cryptoKey, encoder.encode(email))),
  )
}

/**
 * The keyed hashes of an address under every listed signing key (the first is the one stored).
 * Checking all of them keeps suppressions effective across key rotation while old keys are listed.
 * `hmac`: the runtime's faster HMAC-SHA256 (`deps.hmac`), for the many addresses of an import.
 *
 * @example const [stored, ...older] = await suppressionHashes(keys, 'ada@example.com', deps.hmac)
 */
export async function suppressionHashes(
  keys: SigningKey[],
  normalizedEmail: string,
  hmac?: Hmac,
): Promise<string[]> {
  return Promise.all(keys.map((key) => keyedHash(key, normalizedEmail, hmac)))
}

/**
 * Whether an address is on the suppression list (erased).
 *
 * @example if (await isSuppressed(deps.db, suppressionKeys(deps), email)) refuse()
 */
export async function isSuppressed(
  db: Db,
  keys: SigningKey[],
  normalizedEmail: string,
): Promise<boolean> {
  return (await suppressedAmong(db, await suppressionHashes(keys, normalizedEmail))).size > 0
}

/**
 * Puts an address on the suppression list, as a keyed hash only.
 *
 * @example await suppress(trx, keys, contact.email, 'erased', now)
 */
export async function suppress(
  db: Db,
  keys: SigningKey[],
  normalizedEmail: string,
  reason: string,
  nowMs: number,
): Promise<void> {
  const [hash] = await suppressionHashes(keys, normalizedEmail)
  await insertSuppression(db, { email_hash: hash!, reason, created_at: nowMs })
}

/**
 * Lifts a suppression: only a confirmed double opt-in by the person may call this.
 *
 * @example await liftSuppression(trx, suppressionKeys(deps), contact.email)
 */
export async function liftSuppression(
  db: Db,
  keys: SigningKey[],
  normalizedEmail: string,
): Promise<void> {
  await deleteSuppressions(db, await suppressionHashes(keys, normalizedEmail))
}
