import type { Db } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import type { SigningKey } from '../../config.js'
import { encodeBase64Url } from '../../tokens/base64url.js'

const encoder = new TextEncoder()

// Imported once per signing key: importing per address was an eighth of a large import's CPU.
const cryptoKeys = new Map<string, Promise<CryptoKey>>()

async function keyedHash(key: SigningKey, email: string): Promise<string> {
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
 */
export async function suppressionHashes(
  keys: SigningKey[],
  normalizedEmail: string,
): Promise<string[]> {
  return Promise.all(keys.map((key) => keyedHash(key, normalizedEmail)))
}

export async function isSuppressed(
  db: Db,
  keys: SigningKey[],
  normalizedEmail: string,
): Promise<boolean> {
  const hashes = await suppressionHashes(keys, normalizedEmail)
  const row = await db
    .selectFrom('suppressions')
    .select('email_hash')
    .where('email_hash', 'in', hashes)
    .executeTakeFirst()
  return row !== undefined
}

/** Puts an address on the suppression list, as a keyed hash only. */
export async function suppress(
  db: Db,
  keys: SigningKey[],
  normalizedEmail: string,
  reason: string,
  nowMs: number,
): Promise<void> {
  const [hash] = await suppressionHashes(keys, normalizedEmail)
  await db
    .insertInto('suppressions')
    .values({ email_hash: hash!, reason, created_at: nowMs })
    .onConflict((oc) => oc.column('email_hash').doNothing())
    .execute()
}

/** Lifts a suppression: only a confirmed double opt-in by the person may call this. */
export async function liftSuppression(
  db: Db,
  keys: SigningKey[],
  normalizedEmail: string,
): Promise<void> {
  const hashes = await suppressionHashes(keys, normalizedEmail)
  await db.deleteFrom('suppressions').where('email_hash', 'in', hashes).execute()
}

export type SuppressionDeps = Pick<Deps, 'db'> & { keys: SigningKey[] }
