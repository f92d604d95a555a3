import { describe, expect, it } from 'vitest'
import { nodeHmac } from '../src/node/node-hmac.js'
import { TokenSigner } from '../src/tokens/tokens.js'

const keys = [
  { kid: 'k2', secret: 'second-secret-0123456789abcdefghij-ünïcødé' },
  { kid: 'k1', secret: 'first-secret-0123456789abcdefghijklmn' },
]
const claims = {
  purpose: 'unsubscribe' as const,
  contactId: 'c-1',
  lists: ['newsletter'],
  issuedAt: 1_700_000_000,
  addressVersion: 3,
}

describe('link tokens signed with node:crypto (the Node entry) and WebCrypto (Workers)', () => {
  it('give the same token for the same claims, and each verifies the other', async () => {
    const web = new TokenSigner(keys)
    const node = new TokenSigner(keys, nodeHmac)
    const token = await node.sign(claims)
    expect(token).toBe(await web.sign(claims))
    expect(await web.verify(token, 'unsubscribe', 1_700_000_001)).toEqual({ ok: true, claims })
    const fromWeb = await web.sign({ ...claims, contactId: 'c-2' })
    expect((await node.verify(fromWeb, 'unsubscribe', 1_700_000_001)).ok).toBe(true)
  })

  it('still refuses a changed signature or a token of a key no longer listed', async () => {
    const node = new TokenSigner(keys, nodeHmac)
    const token = await node.sign(claims)
    const tampered = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BA' : 'AA'}`
    expect(await node.verify(tampered, 'unsubscribe', 1_700_000_001)).toEqual({
      ok: false,
      reason: 'forged',
    })
    const rotated = new TokenSigner([keys[1]!], nodeHmac)
    expect((await rotated.verify(token, 'unsubscribe', 1_700_000_001)).ok).toBe(false)
  })
})
