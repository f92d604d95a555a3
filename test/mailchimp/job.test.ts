import { afterEach, describe, expect, it } from 'vitest'
import { backgroundJobs } from '../../src/jobs.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { makeContact, setLists } from './helpers.js'

let mc: FakeMailchimpServer
let t: TestApp

afterEach(async () => {
  await t?.close()
  await mc?.close()
})

async function until(check: () => boolean, what: string, ms = 12_000) {
  const end = Date.now() + ms
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('background job on Node', () => {
  it('is registered when Mailchimp is configured, wakes on commit, and retries a hiccup on its own', async () => {
    mc = await startFakeMailchimp()
    t = await createTestApp(mc.env(), { now: () => Date.now(), runJobs: true })
    expect(backgroundJobs(t.deps).map((job) => job.name)).toContain('mailchimp-sync')

    const una = await makeContact(t, 'una@example.com')
    await setLists(t, una, { newsletter: 'subscribed' })
    await until(() => mc.member('una@example.com')?.status === 'subscribed', 'the member')

    mc.failNext(1, 503)
    await setLists(t, una, { newsletter: 'unsubscribed' }, 'one_click')
    // Well before the 15 s safety interval: the job woke itself when the retry came due.
    await until(() => mc.member('una@example.com')?.status === 'unsubscribed', 'the retried change')
    expect(mc.log.some((entry) => entry.status === 503)).toBe(true)
  })

  it('is not registered without Mailchimp', async () => {
    t = await createTestApp()
    expect(backgroundJobs(t.deps).some((job) => job.name === 'mailchimp-sync')).toBe(false)
  })
})
