import type { SigningKey } from '../config.js'
import { decodeBase64Url, encodeBase64Url } from './base64url.js'

/**
 * What a signed link allows. `c` confirm pending lists, `u` unsubscribe from one list,
 * `a` unsubscribe from all lists, `p` open the preferences page, `x` download the personal
 * data once, `e` erase the contact once. The codes are part of every link already mailed:
 * never change one (test/tokens.golden.test.ts pins them).
 */
export type TokenPurpose =
  | 'confirm'
  | 'unsubscribe'
  | 'unsubscribe_all'
  | 'preferences'
  | 'export'
  | 'erase'

/** Who minted a link: the person's own mail (absent) or the admin API for another sender. */
export type TokenOrigin = 'admin'

export interface TokenClaims {
  purpose: TokenPurpose
  contactId: string
  /** confirm: the lists being confirmed; unsubscribe: the one list. */
  lists: string[]
  /** Issue time, seconds since the epoch. */
  issuedAt: number
  /** Expiry, seconds since the epoch; undefined for links that do not expire. */
  expiresAt?: number
  /**
   * The contact's `address_version` when the link was issued: a link works only while the
   * address is the one it was sent to. Absent in tokens minted before binding (format v1),
   * which count as version 0: valid until the first address change.
   */
  addressVersion?: number
  /** `admin` for links minted through the admin API; the ledger tells their actions apart. */
  origin?: TokenOrigin
}

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | {
      ok: false
      reason: 'malformed' | 'forged' | 'wrong_purpose' | 'expired'
      claims?: TokenClaims
    }

const purposeCodes: Record<TokenPurpose, string> = {
  confirm: 'c',
  unsubscribe: 'u',
  unsubscribe_all: 'a',
  preferences: 'p',
  export: 'x',
  erase: 'e',
}
const purposeByCode = new Map(
  Object.entries(purposeCodes).map(([purpose, code]) => [code, purpose as TokenPurpose]),
)
const encoder = new TextEncoder()
const decoder = new TextDecoder('utf-8', { fatal: true })
/**
 * HMAC-SHA256 of `data` (UTF-8) under `secret` (UTF-8). WebCrypto's is the default; on Node an
 * async WebCrypto job per link cost about a fifth of the preferences page under load (issue 12),
 * so the Node entry hands in node:crypto's synchronous one, which gives the same bytes.
 */
export type Hmac = (secret: string, data: string) => Uint8Array | Promise<Uint8Array>

/** Signatures are HMAC-SHA256 truncated to 128 bits: ample against forgery, short in a URL. */
const SIGNATURE_BYTES = 16
/** Longer tokens are refused before any crypto or decoding work (a cheap guard against abuse). */
export const MAX_TOKEN_LENGTH = 512

/**
 * Signs and verifies link tokens: `<kid>.<claims>.<mac>`, all base64url. Claims hold a contact
 * id, never an address. The first key signs; every listed key verifies, so rotation keeps old
 * links alive while their key stays listed.
 *
 * @example
 * const tokens = new TokenSigner(keys)
 * const token = await tokens.sign({ purpose: 'preferences', contactId, lists: [], issuedAt })
 * const result = await tokens.verify(token, 'preferences', nowSeconds)
 */
export class TokenSigner {
  private readonly cryptoKeys = new Map<string, Promise<CryptoKey>>()

  /** `hmac`: a faster HMAC-SHA256 from the runtime (the Node entry passes node:crypto's). */
  constructor(
    private readonly keys: SigningKey[],
    private readonly hmac?: Hmac,
  ) {
    if (keys.length === 0) throw new Error('at least one signing key is needed')
  }

  async sign(claims: TokenClaims): Promise<string> {
    const key = this.keys[0]!
    const body = encodeBase64Url(encoder.encode(encodeClaims(claims)))
    const signed = `${key.kid}.${body}`
    const mac = await this.mac(key, signed)
    return `${signed}.${encodeBase64Url(mac.slice(0, SIGNATURE_BYTES))}`
  }

  async verify(
    token: string,
    purpose: TokenPurpose | TokenPurpose[],
    nowSeconds: number,
  ): Promise<VerifyResult> {
    if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH)
      return { ok: false, reason: 'malformed' }
    const parts = token.split('.')
    if (parts.length !== 3) return { ok: false, reason: 'malformed' }
    const [kid, body, macText] = parts as [string, string, string]
    const mac = decodeBase64Url(macText)
    const bodyBytes = decodeBase64Url(body)
    if (!mac || !bodyBytes || mac.length !== SIGNATURE_BYTES)
      return { ok: false, reason: 'malformed' }
    const key = this.keys.find((candidate) => candidate.kid === kid)
    if (!key) return { ok: false, reason: 'forged' }
    const expected = (await this.mac(key, `${kid}.${body}`)).slice(0, SIGNATURE_BYTES)
    if (!timingSafeEqual(expected, mac)) return { ok: false, reason: 'forged' }
    let claims: TokenClaims | undefined
    try {
      claims = decodeClaims(decoder.decode(bodyBytes))
    } catch {
      claims = undefined
    }
    if (!claims) return { ok: false, reason: 'malformed' }
    const wanted = Array.isArray(purpose) ? purpose : [purpose]
    if (!wanted.includes(claims.purpose)) return { ok: false, reason: 'wrong_purpose' }
    if (claims.expiresAt !== undefined && claims.expiresAt < nowSeconds)
      return { ok: false, reason: 'expired', claims }
    return { ok: true, claims }
  }

  private async mac(key: SigningKey, data: string): Promise<Uint8Array> {
    if (this.hmac) return this.hmac(key.secret, data)
    const mac = await crypto.subtle.sign('HMAC', await this.cryptoKey(key), encoder.encode(data))
    return new Uint8Array(mac)
  }

  private cryptoKey(key: SigningKey): Promise<CryptoKey> {
    let cached = this.cryptoKeys.get(key.kid)
    if (!cached) {
      cached = crypto.subtle.importKey(
        'raw',
        encoder.encode(key.secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      )
      this.cryptoKeys.set(key.kid, cached)
    }
    return cached
  }
}

/** Compares two byte strings in time that depends only on their length. */
export function timingSafeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  let difference = 0
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!
  return difference === 0
}

/** Constant-time string comparison for secrets such as bearer tokens and webhook paths. */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  // Hashing first makes the comparison independent of both lengths.
  const [a, b] = await Promise.all([
    crypto.subtle.digest('SHA-256', encoder.encode(given)),
    crypto.subtle.digest('SHA-256', encoder.encode(expected)),
  ])
  return timingSafeEqual(new Uint8Array(a), new Uint8Array(b))
}

/**
 * Format v2: `code|contact|lists|issued|expires|addressVersion|origin`. Format v1 (the first
 * five fields only) is still read: links already mailed keep working while their key is listed.
 */
function encodeClaims(claims: TokenClaims): string {
  return [
    purposeCodes[claims.purpose],
    claims.contactId,
    claims.lists.join(','),
    claims.issuedAt.toString(36),
    claims.expiresAt === undefined ? '' : claims.expiresAt.toString(36),
    (claims.addressVersion ?? 0).toString(36),
    claims.origin === 'admin' ? 'a' : '',
  ].join('|')
}

function decodeClaims(text: string): TokenClaims | undefined {
  const fields = text.split('|')
  if (fields.length !== 5 && fields.length !== 7) return undefined
  const [code, contactId, lists, issued, expires, version, origin] = fields as [
    string,
    string,
    string,
    string,
    string,
    string | undefined,
    string | undefined,
  ]
  if (version !== undefined && !/^[0-9a-z]{1,8}$/.test(version)) return undefined
  if (origin !== undefined && origin !== '' && origin !== 'a') return undefined
  const purpose = purposeByCode.get(code)
  if (!purpose || !/^[A-Za-z0-9_-]{1,64}$/.test(contactId)) return undefined
  if (!/^[0-9a-z]{1,10}$/.test(issued) || !/^[0-9a-z]{0,10}$/.test(expires)) return undefined
  const listIds = lists === '' ? [] : lists.split(',')
  if (listIds.some((id) => !/^[a-z0-9][a-z0-9-]{0,63}$/.test(id))) return undefined
  return {
    purpose,
    contactId,
    lists: listIds,
    issuedAt: parseInt(issued, 36),
    ...(expires === '' ? {} : { expiresAt: parseInt(expires, 36) }),
    ...(version === undefined ? {} : { addressVersion: parseInt(version, 36) }),
    ...(origin === 'a' ? { origin: 'admin' as const } : {}),
  }
}
