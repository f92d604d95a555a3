import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { parseSigningKeys } from '../src/config.js'
import { MAX_TOKEN_LENGTH, type TokenClaims, TokenSigner } from '../src/tokens/tokens.js'
import { encodeBase64Url } from '../src/tokens/base64url.js'
import { api, enc } from './admin/helpers.js'
import { makeContact } from './mailchimp/helpers.js'
import { createTestApp, type TestApp } from './support/test-app.js'

/** Minted by the token code of the first release (format v1); never regenerate them. */
const golden = JSON.parse(
  readFileSync(new URL('./fixtures/golden-tokens.json', import.meta.url), 'utf8'),
) as { keys: string; tokens: { claims: TokenClaims; token: string }[] }

const signer = new TokenSigner(parseSigningKeys(golden.keys))
const issued = golden.tokens[0]!.claims.issuedAt
const encoder = new TextEncoder()

/** A token signed with the golden key over any claims text: to reach the guards behind the MAC. */
async function signRaw(claimsText: string, kid = 'golden-2026'): Promise<string> {
  const secret = golden.keys.slice(golden.keys.indexOf(':') + 1)
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const body = encodeBase64Url(encoder.encode(claimsText))
  const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`${kid}.${body}`))
  return `${kid}.${body}.${encodeBase64Url(new Uint8Array(mac).slice(0, 16))}`
}

let t: TestApp | undefined
afterEach(async () => {
  await t?.close()
  t = undefined
})

describe('issue 11 item 13: the token format is pinned', () => {
  it('every golden token verifies with exactly its claims, a year on, while its key is listed', async () => {
    for (const { token, claims } of golden.tokens) {
      // Confirm tokens expire: check them within their lifetime, the others a year later.
      const at = claims.expiresAt ?? issued + 366 * 86400
      expect(await signer.verify(token, claims.purpose, at)).toEqual({ ok: true, claims })
    }
  })

  it('golden tokens still verify after a rotation that keeps their key listed, and not after it is dropped', async () => {
    const rotated = new TokenSigner(parseSigningKeys(`next:${'n'.repeat(40)},${golden.keys}`))
    const dropped = new TokenSigner(parseSigningKeys(`next:${'n'.repeat(40)}`))
    const { token, claims } = golden.tokens[3]!
    expect((await rotated.verify(token, 'preferences', issued)).ok).toBe(true)
    expect(await dropped.verify(token, claims.purpose, issued)).toEqual({
      ok: false,
      reason: 'forged',
    })
  })

  it('the purpose codes are pinned: each golden token is refused for every other purpose', async () => {
    const purposes = ['confirm', 'unsubscribe', 'unsubscribe_all', 'preferences', 'export', 'erase']
    for (const { token, claims } of golden.tokens) {
      for (const other of purposes.filter((purpose) => purpose !== claims.purpose)) {
        const result = await signer.verify(token, other as TokenClaims['purpose'], issued)
        expect(result.ok).toBe(false)
      }
    }
  })

  it('a golden (unbound) preferences link opens its page until the first address change, then 410', async () => {
    t = await createTestApp({ SIGNING_KEYS: golden.keys })
    t.clock.now = issued * 1000 + 86_400_000
    const { claims, token } = golden.tokens[3]!
    await makeContact(t, 'golden@example.com', { id: claims.contactId })
    expect((await t.app.request(`/preferences/${token}`)).status).toBe(200)
    const moved = await api(t, 'POST', `/contacts/${enc('golden@example.com')}/address`, {
      email: 'golden.new@example.com',
    })
    expect(moved.status).toBe(200)
    expect((await t.app.request(`/preferences/${token}`)).status).toBe(410)
  })

  describe('every guard after the signature check', () => {
    const now = issued
    const cases: [string, string][] = [
      ['unknown purpose code', `z|c0ntact|newsletter|${issued.toString(36)}|`],
      ['contact id with a bad character', `p|c0n tact||${issued.toString(36)}|`],
      ['contact id too long', `p|${'a'.repeat(65)}||${issued.toString(36)}|`],
      ['issue time not base36', `p|c0ntact||NOT!|`],
      ['expiry not base36', `p|c0ntact||${issued.toString(36)}|??`],
      ['list id with capitals', `u|c0ntact|News|${issued.toString(36)}|`],
      ['four fields', `p|c0ntact||${issued.toString(36)}`],
      ['six fields', `p|c0ntact||${issued.toString(36)}||0`],
      ['address version not base36', `p|c0ntact||${issued.toString(36)}||!|`],
      ['unknown origin', `p|c0ntact||${issued.toString(36)}||0|x`],
    ]
    for (const [name, text] of cases) {
      it(`refuses a signed token with ${name} as malformed`, async () => {
        const token = await signRaw(text)
        expect(await signer.verify(token, ['preferences', 'unsubscribe'], now)).toEqual({
          ok: false,
          reason: 'malformed',
        })
      })
    }

    it('refuses a signed token whose claims are not UTF-8', async () => {
      const secret = golden.keys.slice(golden.keys.indexOf(':') + 1)
      const key = await crypto.subtle.importKey(
        'raw',
        encoder.encode(secret),
        { name: 'HMAC', hash: 'SHA-256' },
        false,
        ['sign'],
      )
      const body = encodeBase64Url(new Uint8Array([0x70, 0x7c, 0xff, 0xfe]))
      const mac = await crypto.subtle.sign('HMAC', key, encoder.encode(`golden-2026.${body}`))
      const token = `golden-2026.${body}.${encodeBase64Url(new Uint8Array(mac).slice(0, 16))}`
      expect((await signer.verify(token, 'preferences', now)).ok).toBe(false)
    })

    it('refuses an expired token as expired, with its claims', async () => {
      const { token, claims } = golden.tokens[0]!
      const result = await signer.verify(token, 'confirm', claims.expiresAt! + 1)
      expect(result).toEqual({ ok: false, reason: 'expired', claims })
    })

    it('refuses a token longer than MAX_TOKEN_LENGTH before looking at it, even if well signed', async () => {
      const lists = Array.from({ length: 40 }, (_, i) => `list-${i}-${'x'.repeat(5)}`).join(',')
      const token = await signRaw(`c|c0ntact|${lists}|${issued.toString(36)}|`)
      expect(token.length).toBeGreaterThan(MAX_TOKEN_LENGTH)
      expect(MAX_TOKEN_LENGTH).toBe(512)
      expect(await signer.verify(token, 'confirm', now)).toEqual({
        ok: false,
        reason: 'malformed',
      })
    })

    it('accepts a v2 token with an address version and the admin origin, and reads them back', async () => {
      const token = await signRaw(`p|c0ntact||${issued.toString(36)}||z|a`)
      expect(await signer.verify(token, 'preferences', now)).toEqual({
        ok: true,
        claims: {
          purpose: 'preferences',
          contactId: 'c0ntact',
          lists: [],
          issuedAt: issued,
          addressVersion: 35,
          origin: 'admin',
        },
      })
    })
  })
})
