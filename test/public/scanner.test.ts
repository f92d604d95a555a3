import { afterEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { linkIn, postForm, snapshot, subscribeJson } from './helpers.js'

let t: TestApp
afterEach(() => t?.close())

describe('mail scanners: GET and HEAD on every link change nothing', () => {
  it('confirm, unsubscribe (one list, all lists, account-cancelling), preferences, manage and expired links', async () => {
    t = await createTestApp()
    await subscribeJson(t, { email: 'ada@example.com', lists: ['newsletter', 'webinars'] })
    const confirm = linkIn(t.mailer.sent[0], 'confirm')
    await postForm(t, '/manage', [['email', 'ada@example.com']])
    const manageMail = t.mailer.sent[1]!
    const preferences = linkIn(manageMail, 'preferences')
    const unsubscribeAll = new URL(manageMail.headers!['List-Unsubscribe']!.slice(1, -1)).pathname
    const { id } = await t.deps.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow()
    const one = `/unsubscribe/${await t.deps.tokens.sign({ purpose: 'unsubscribe', contactId: id, lists: ['newsletter'], issuedAt: 1 })}`
    const advisories = `/unsubscribe/${await t.deps.tokens.sign({ purpose: 'unsubscribe', contactId: id, lists: ['technical-advisories'], issuedAt: 1 })}`
    const links = [
      confirm,
      preferences,
      unsubscribeAll,
      one,
      advisories,
      '/',
      '/manage',
      `${preferences}x`,
    ]

    const before = await snapshot(t)
    for (const link of links) {
      for (const method of ['GET', 'HEAD']) {
        const res = await t.app.request(link, {
          method,
          headers: { 'user-agent': 'Mozilla/5.0 (SafeLinks scanner)' },
        })
        expect(res.status, `${method} ${link.slice(0, 30)}`).toBeLessThan(500)
      }
    }
    t.clock.advance(30 * 86_400_000)
    for (const method of ['GET', 'HEAD'])
      expect((await t.app.request(confirm, { method })).status).toBe(410)
    expect(await snapshot(t)).toEqual(before)
    expect(await t.deps.db.selectFrom('subscriptions').select('status').execute()).toEqual([
      { status: 'pending' },
      { status: 'pending' },
    ])
  })
})
