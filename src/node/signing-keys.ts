import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ConfigError, parseSigningKeys, type Config, type SigningKey } from '../config.js'
import type { Logger } from '../logger.js'

/**
 * SIGNING_KEYS when set. In development a key is generated once and kept in
 * `./data/signing-keys` (mode 600) so links survive restarts; in production a missing key
 * stops start-up.
 */
export function resolveSigningKeys(
  config: Config,
  logger: Logger,
  file = './data/signing-keys',
): SigningKey[] {
  if (config.signingKeys) return config.signingKeys
  if (config.production) {
    throw new ConfigError(
      'Invalid SIGNING_KEYS: required when NODE_ENV=production (kid:secret, secret of 32+ characters)',
    )
  }
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true })
    writeFileSync(
      file,
      `dev-${Date.now().toString(36)}:${randomBytes(32).toString('base64url')}\n`,
      { mode: 0o600 },
    )
  }
  logger.warn(
    'SIGNING_KEYS is not set: using a development key kept in ./data/signing-keys. Set SIGNING_KEYS in production.',
  )
  return parseSigningKeys(readFileSync(file, 'utf8').trim())
}
