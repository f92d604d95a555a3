import { createHmac } from 'node:crypto'
import type { Hmac } from '../tokens/tokens.js'

/**
 * node:crypto's HMAC-SHA256 for the link signer: the same bytes as WebCrypto's, computed at once
 * instead of as an async job per link.
 *
 * @example new TokenSigner(keys, nodeHmac)
 */
export const nodeHmac: Hmac = (secret, data) =>
  createHmac('sha256', secret).update(data, 'utf8').digest()
