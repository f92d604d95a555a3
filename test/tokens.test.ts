import { describe, expect, it } from 'vitest'
import { parseSigningKeys } from '../src/config.js'
import { TokenSigner } from '../src/tokens/tokens.js'

const oldKey = 'old:0123456789abcdef0123456789abcdef-old'
const newKey = 'new:0123456789abcdef0123456789abcdef-new'
const now = 1_800_000_000

describe('link tokens', () => {
  it('round-trips claims and carries no address', async () => {
    const signer = new TokenSigner(parseSigningKeys(oldKey))
    const token = await signer.sign({
      purpose: 'unsubscribe',
      contactId: 'abcDEF123_-',
      lists: ['newsletter'],
      issuedAt: now,
    })
    expect(token).not.toContain('@')
    const result = await signer.verify(token, 'unsubscribe', now + 400 * 86400)
    expect(result).toEqual({
      ok: true,
      claims: {
        purpose: 'unsubscribe',
        contactId: 'abcDEF123_-',
        lists: ['newsletter'],
        issuedAt: now,
        addressVersion: 0,
      },
    })
  })

  it('fits a Mailchimp merge field with its URL', async () => {
    const signer = new TokenSigner(parseSigningKeys(oldKey))
    const token = await signer.sign({
      purpose: 'preferences',
      contactId: 'A'.repeat(22),
      lists: [],
      issuedAt: now,
    })
    expect(`https://preferences.example.com/preferences/${token}`.length).toBeLessThan(255)
  })

  it('keeps old links working after a new first key is added, and not after the old one is dropped', async () => {
    const before = new TokenSigner(parseSigningKeys(oldKey))
    const token = await before.sign({
      purpose: 'preferences',
      contactId: 'c1',
      lists: [],
      issuedAt: now,
    })
    const rotated = new TokenSigner(parseSigningKeys(`${newKey},${oldKey}`))
    expect((await rotated.verify(token, 'preferences', now)).ok).toBe(true)
    expect(
      (
        await rotated.sign({ purpose: 'preferences', contactId: 'c1', lists: [], issuedAt: now })
      ).startsWith('new.'),
    ).toBe(true)
    const dropped = new TokenSigner(parseSigningKeys(newKey))
    expect(await dropped.verify(token, 'preferences', now)).toEqual({ ok: false, reason: 'forged' })
  })

  it('rejects forged, truncated, tampered and other-purpose tokens', async () => {
    const signer = new TokenSigner(parseSigningKeys(oldKey))
    const token = await signer.sign({
      purpose: 'unsubscribe',
      contactId: 'c1',
      lists: ['newsletter'],
      issuedAt: now,
    })
    const [kid, body, mac] = token.split('.') as [string, string, string]
    const otherBody = btoa('u|c2|newsletter|0|').replace(/=+$/, '')
    expect((await signer.verify(`${kid}.${otherBody}.${mac}`, 'unsubscribe', now)).ok).toBe(false)
    expect(await signer.verify(token.slice(0, -3), 'unsubscribe', now)).toEqual({
      ok: false,
      reason: 'malformed',
    })
    expect(await signer.verify(`${kid}.${body}`, 'unsubscribe', now)).toEqual({
      ok: false,
      reason: 'malformed',
    })
    expect(await signer.verify('', 'unsubscribe', now)).toEqual({ ok: false, reason: 'malformed' })
    expect(await signer.verify('x'.repeat(5000), 'unsubscribe', now)).toEqual({
      ok: false,
      reason: 'malformed',
    })
    const flipped = mac.startsWith('A') ? `B${mac.slice(1)}` : `A${mac.slice(1)}`
    expect(await signer.verify(`${kid}.${body}.${flipped}`, 'unsubscribe', now)).toEqual({
      ok: false,
      reason: 'forged',
    })
    expect(await signer.verify(token, 'preferences', now)).toEqual({
      ok: false,
      reason: 'wrong_purpose',
    })
    const forger = new TokenSigner(parseSigningKeys('old:ffffffffffffffffffffffffffffffffffffffff'))
    const forged = await forger.sign({
      purpose: 'unsubscribe',
      contactId: 'c1',
      lists: ['newsletter'],
      issuedAt: now,
    })
    expect(await signer.verify(forged, 'unsubscribe', now)).toEqual({ ok: false, reason: 'forged' })
  })

  it('expires confirm tokens', async () => {
    const signer = new TokenSigner(parseSigningKeys(oldKey))
    const token = await signer.sign({
      purpose: 'confirm',
      contactId: 'c1',
      lists: ['newsletter', 'webinars'],
      issuedAt: now,
      expiresAt: now + 60,
    })
    expect((await signer.verify(token, 'confirm', now + 60)).ok).toBe(true)
    const late = await signer.verify(token, 'confirm', now + 61)
    expect(late.ok).toBe(false)
    expect(late.ok === false && late.reason).toBe('expired')
  })

  it('refuses short secrets and duplicate key ids', () => {
    expect(() => parseSigningKeys('k:short')).toThrow(/shorter than 32/)
    expect(() => parseSigningKeys(`${oldKey},${oldKey}`)).toThrow(/twice/)
  })
})
