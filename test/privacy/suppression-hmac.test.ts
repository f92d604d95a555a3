import { describe, expect, it } from 'vitest'
import { suppressionHashes } from '../../src/domain/privacy/suppression.js'
import { nodeHmac } from '../../src/node/node-hmac.js'

const keys = [
  { kid: 'k2', secret: 'second-secret-0123456789abcdefghij-ünïcødé' },
  { kid: 'k1', secret: 'first-secret-0123456789abcdefghijklmn' },
]

describe('suppression hashes with node:crypto (the Node entry) and WebCrypto (Workers)', () => {
  it('are the same hashes, so an address erased on one runtime stays refused on the other', async () => {
    for (const email of ['ada@example.com', 'zoë@exämple.com']) {
      const web = await suppressionHashes(keys, email)
      expect(web).toHaveLength(2)
      expect(await suppressionHashes(keys, email, nodeHmac)).toEqual(web)
    }
  })
})
