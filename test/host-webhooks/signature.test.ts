import { describe, expect, it } from 'vitest'
import { backoff } from '../../src/background/backoff.js'
import { eventBody, HOST_WEBHOOK_BACKOFF } from '../../src/host-webhooks/delivery-job.js'

const retryDelay = (attempts: number) => backoff(HOST_WEBHOOK_BACKOFF, attempts)
import { secretBytes, signWebhook } from '../../src/host-webhooks/signature.js'

describe('Standard Webhooks signature', () => {
  it('matches the specification example', async () => {
    const key = secretBytes('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw')
    const signature = await signWebhook(
      key,
      'msg_p5jXN8AQM9LWM0D4loKWxJek',
      1614265330,
      '{"test": 2432232314}',
    )
    expect(signature).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('uses the UTF-8 bytes of a secret without the whsec_ prefix', () => {
    expect(Array.from(secretBytes('abc'))).toEqual([97, 98, 99])
    expect(Array.from(secretBytes('whsec_!!notbase64'))).toEqual(
      Array.from(new TextEncoder().encode('whsec_!!notbase64')),
    )
  })

  it('builds the body from an outbox payload, with an ISO timestamp', () => {
    const body = JSON.parse(
      eventBody({
        payload: JSON.stringify({
          type: 'contact.erased',
          data: { contact_id: 'c1' },
          timestamp: 0,
        }),
        created_at: 5,
      }),
    )
    expect(body).toEqual({
      type: 'contact.erased',
      timestamp: '1970-01-01T00:00:00.000Z',
      data: { contact_id: 'c1' },
    })
    expect(JSON.parse(eventBody({ payload: 'not json', created_at: 0 })).type).toBe('unknown')
  })

  it('backs off exponentially up to six hours', () => {
    expect(retryDelay(0)).toBeGreaterThanOrEqual(27_000)
    expect(retryDelay(0)).toBeLessThanOrEqual(33_000)
    expect(retryDelay(3)).toBeGreaterThanOrEqual(216_000)
    expect(retryDelay(30)).toBeLessThanOrEqual(6 * 3_600_000 * 1.1)
  })
})
