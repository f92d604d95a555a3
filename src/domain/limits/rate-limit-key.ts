import type { Deps } from '../../deps.js'
import { encodeBase64Url } from '../../tokens/base64url.js'

const encoder = new TextEncoder()

/**
 * A keyed hash of a personal value (an address, an IP) for rate-limit buckets: the database
 * never holds the value itself, and without the signing key nobody can test guesses against it.
 * Keyed with the first signing key; after a rotation old buckets simply stop counting.
 *
 * @example await keyedHash(deps, 'signup-address', 'ada@example.com')
 */
export async function keyedHash(
  deps: Pick<Deps, 'config'>,
  purpose: string,
  value: string,
): Promise<string> {
  // Without SIGNING_KEYS in the config (development keys live with the Node entry) the public
  // URL stands in; rate limits still work, only the hash is guessable by whoever reads the database.
  const secret = deps.config.signingKeys?.[0]?.secret ?? `prefcenter-dev:${deps.config.publicUrl}`
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(`rate:${secret}`),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${purpose}:${value}`))
  return `${purpose}:${encodeBase64Url(new Uint8Array(mac).slice(0, 18))}`
}
