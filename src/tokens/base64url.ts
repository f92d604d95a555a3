/** base64url without padding, for bytes; Web APIs only so the core runs on workerd. */
export function encodeBase64Url(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/** Returns undefined for anything that is not canonical base64url. */
export function decodeBase64Url(text: string): Uint8Array | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) return undefined
  const padded = text.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((text.length + 3) % 4)
  try {
    const binary = atob(padded)
    const bytes = new Uint8Array(binary.length)
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
    return encodeBase64Url(bytes) === text ? bytes : undefined
  } catch {
    return undefined
  }
}

// Random bytes drawn 4 KB at a time: one getRandomValues call per id was a tenth of a large
// import's CPU (issue 12). Each byte of the pool is handed out once.
const pool = new Uint8Array(4096)
let poolOffset = pool.length

/**
 * `bytes` random bytes (at most 4096) as base64url: ids that reveal nothing.
 *
 * @example randomId(16) // 'q3X0mC9yH2k1Z7fJvQ4bWg'
 */
export function randomId(bytes = 16): string {
  if (poolOffset + bytes > pool.length) {
    crypto.getRandomValues(pool)
    poolOffset = 0
  }
  const id = encodeBase64Url(pool.subarray(poolOffset, poolOffset + bytes))
  poolOffset += bytes
  return id
}
