import { afterEach, describe, expect, it } from 'vitest'
import { MailchimpError } from '../../src/mailchimp/gateway.js'
import { createSdkGateway } from '../../src/mailchimp/sdk-gateway.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'

let mc: FakeMailchimpServer
afterEach(() => mc?.close())

const member = {
  email_address: 'ola@example.com',
  status: 'subscribed' as const,
  status_if_new: 'subscribed' as const,
  interests: {},
  merge_fields: {},
}

async function failureOf(work: Promise<unknown>): Promise<MailchimpError> {
  try {
    await work
  } catch (error) {
    expect(error).toBeInstanceOf(MailchimpError)
    return error as MailchimpError
  }
  throw new Error('expected a failure')
}

describe('SDK gateway', () => {
  it("keeps a refusal's field-level errors in its detail, so a stored failure says what to fix", async () => {
    mc = await startFakeMailchimp()
    // Mailchimp's "Invalid Resource" points to its `errors` array for the fields it refused
    // (the shape of the API reference's error example: `field` and `message`).
    mc.failNextWith(
      400,
      'Invalid Resource',
      "The resource submitted could not be validated. For field-specific details, see the 'errors' array.",
      1,
      [{ field: 'merge_fields.PREFSURL', message: 'Please enter a valid URL' }],
    )
    const gateway = createSdkGateway({ apiKey: mc.apiKey, apiUrl: mc.url })
    const refusal = await failureOf(gateway.putMember(mc.audienceId, member))
    expect(refusal).toMatchObject({ status: 400, retryable: false })
    expect(refusal.detail).toContain('merge_fields.PREFSURL: Please enter a valid URL')
  })

  it('talks to MAILCHIMP_API_URL with the key as basic auth, one client per gateway', async () => {
    mc = await startFakeMailchimp()
    const other = await startFakeMailchimp({ apiKey: 'otherkey-us2' })
    const a = createSdkGateway({ apiKey: mc.apiKey, apiUrl: mc.url })
    const b = createSdkGateway({ apiKey: other.apiKey, apiUrl: other.url })
    await a.putMember(mc.audienceId, member)
    await b.putMember(other.audienceId, member)
    expect(mc.member('ola@example.com')!.status).toBe('subscribed')
    expect(other.member('ola@example.com')!.status).toBe('subscribed')
    await other.close()
  })

  it('classifies failures: wrong key and 400 are permanent with the problem detail; 429, 5xx, timeouts and refused connections are retryable', async () => {
    mc = await startFakeMailchimp()
    const wrongKey = await failureOf(
      createSdkGateway({ apiKey: 'nope-us1', apiUrl: mc.url }).putMember(mc.audienceId, member),
    )
    expect(wrongKey).toMatchObject({ status: 401, title: 'API Key Invalid', retryable: false })

    const gateway = createSdkGateway({ apiKey: mc.apiKey, apiUrl: mc.url, timeoutMs: 200 })
    const invalid = await failureOf(
      gateway.putMember(mc.audienceId, { ...member, interests: { nope: true } }),
    )
    expect(invalid).toMatchObject({ status: 400, title: 'Invalid Resource', retryable: false })

    mc.failNext(1, 429)
    expect(await failureOf(gateway.putMember(mc.audienceId, member))).toMatchObject({
      status: 429,
      retryable: true,
    })
    mc.failNext(1, 502)
    expect(await failureOf(gateway.putMember(mc.audienceId, member))).toMatchObject({
      status: 502,
      retryable: true,
    })

    mc.latencyMs = 1_000
    expect(await failureOf(gateway.putMember(mc.audienceId, member))).toMatchObject({
      status: undefined,
      title: 'Timeout',
      retryable: true,
    })
    mc.latencyMs = 0

    const url = mc.url
    await mc.close()
    const refused = await failureOf(
      createSdkGateway({ apiKey: 'testkey-us1', apiUrl: url }).putMember('aud123', member),
    )
    expect(refused).toMatchObject({ status: undefined, retryable: true })
    mc = await startFakeMailchimp()
  })
})
