/**
 * Standard Webhooks signatures (https://www.standardwebhooks.com): HMAC-SHA256 over
 * `${id}.${timestamp}.${body}`, sent as `webhook-signature: v1,<base64>`. Web Crypto only.
 */

const encoder = new TextEncoder()

/**
 * The key bytes of EVENTS_WEBHOOK_SECRET: a `whsec_<base64>` secret (the spec's form) is the
 * base64 after the prefix; any other string is used as its UTF-8 bytes.
 *
 * @example secretBytes('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
 */
export function secretBytes(secret: string): Uint8Array {
  if (secret.startsWith('whsec_')) {
    try {
      const binary = atob(secret.slice('whsec_'.length))
      return Uint8Array.from(binary, (char) => char.charCodeAt(0))
    } catch {
      // Not base64 after all: fall through to the plain-string form.
    }
  }
  return encoder.encode(secret)
}

function toBase64(bytes: Uint8Array): string {
  let binary = ''
  for (const byte of bytes) binary += String.fromCharCode(byte)
  return btoa(binary)
}

/**
 * The `webhook-signature` header value for one delivery.
 *
 * @example await signWebhook(secretBytes(secret), 'msg_1', 1700000000, '{"type":"x"}') // 'v1,...'
 */
export async function signWebhook(
  key: Uint8Array,
  id: string,
  timestampSeconds: number,
  body: string,
): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    key as BufferSource,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const mac = await crypto.subtle.sign(
    'HMAC',
    cryptoKey,
    encoder.encode(`${id}.${timestampSeconds}.${body}`),
  )
  return `v1,${toBase64(new Uint8Array(mac))}`
}
