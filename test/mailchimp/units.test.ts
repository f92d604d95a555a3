import { describe, expect, it } from 'vitest'
import { backoffMs } from '../../src/mailchimp/sync-drain.js'
import { Semaphore } from '../../src/mailchimp/semaphore.js'
import { md5Hex, subscriberHash } from '../../src/mailchimp/subscriber-hash.js'
import { nestFormFields, parseWebhook } from '../../src/mailchimp/webhook-payload.js'

describe('subscriberHash', () => {
  it('matches the RFC 1321 test vectors', () => {
    const vectors: Record<string, string> = {
      '': 'd41d8cd98f00b204e9800998ecf8427e',
      a: '0cc175b9c0f1b6a831c399e269772661',
      abc: '900150983cd24fb0d6963f7d28e17f72',
      'message digest': 'f96b697d7cb7938d525a2f31aaf161d0',
      abcdefghijklmnopqrstuvwxyz: 'c3fcd3d76192e4007dfb496cca67e13b',
      '12345678901234567890123456789012345678901234567890123456789012345678901234567890':
        '57edf4a22be3c955ac49da2e2107b67a',
    }
    for (const [input, digest] of Object.entries(vectors))
      expect(md5Hex(new TextEncoder().encode(input))).toBe(digest)
  })

  it('lower-cases the address first, as Mailchimp does', () => {
    expect(subscriberHash('Ada@Example.COM')).toBe(subscriberHash('ada@example.com'))
    expect(subscriberHash('urist.mcvankab@freddiesjokes.com')).toBe(
      '62eeb292278cc15f5817cb78f7790b08',
    )
  })
})

describe('webhook payload', () => {
  it('nests bracketed keys and ignores prototype keys', () => {
    const fields = nestFormFields([
      ['type', 'profile'],
      ['data[merges][GROUPINGS][0][name]', 'Prefcenter lists'],
      ['data[__proto__][x]', 'y'],
    ])
    expect(JSON.parse(JSON.stringify(fields))).toEqual({
      type: 'profile',
      data: { merges: { GROUPINGS: { '0': { name: 'Prefcenter lists' } } } },
    })
    expect(({} as Record<string, unknown>).x).toBeUndefined()
  })

  it('reads fired_at as UTC and normalises addresses', () => {
    const event = parseWebhook(
      nestFormFields(
        new URLSearchParams(
          'type=cleaned&fired_at=2009-03-26+21:35:57&data[email]=API@Mailchimp.com&data[reason]=hard',
        ),
      ),
      0,
    )
    expect(event).toMatchObject({
      type: 'cleaned',
      firedAt: Date.UTC(2009, 2, 26, 21, 35, 57),
      email: 'api@mailchimp.com',
      reason: 'hard',
    })
  })
})

describe('backoff and connection gate', () => {
  it('grows exponentially with jitter and a cap', () => {
    expect(backoffMs(0, () => 0)).toBe(1_000)
    expect(backoffMs(0, () => 0.999_999)).toBeLessThanOrEqual(2_000)
    expect(backoffMs(3, () => 0)).toBe(8_000)
    expect(backoffMs(40, () => 0.999_999)).toBeLessThanOrEqual(30 * 60_000)
  })

  it('never lets more than its limit run at once', async () => {
    const gate = new Semaphore(3)
    let running = 0
    let peak = 0
    await Promise.all(
      Array.from({ length: 20 }, () =>
        gate.run(async () => {
          running++
          peak = Math.max(peak, running)
          await new Promise((resolve) => setImmediate(resolve))
          running--
        }),
      ),
    )
    expect(peak).toBe(3)
  })
})
