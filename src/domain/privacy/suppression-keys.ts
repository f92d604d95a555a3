import type { SigningKey } from '../../config.js'
import type { Deps } from '../../deps.js'

/**
 * The keys suppression hashes are made with: the signing keys (the Node entry puts generated
 * development keys into config too). Without any, suppression cannot work, so it is a bug.
 */
export function suppressionKeys(deps: Pick<Deps, 'config'>): SigningKey[] {
  const keys = deps.config.signingKeys
  if (!keys || keys.length === 0)
    throw new Error('no signing keys configured: suppression hashes need one')
  return keys
}
