import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Target } from './contract.suite.js'
import { ADMIN_TOKEN, waitUntil } from './support.js'
import { startTarget } from './targets.js'

// A backlog after a Mailchimp outage drains on workerd + D1 through the cron trigger and the
// drain's retries (D1 specifics: batched transactions, 100 bound parameters per statement).
describe('workerd + D1: a backlog of changes after a Mailchimp outage', () => {
  let t: Target | undefined
  beforeAll(async () => {
    t = await startTarget('workerd-d1')
  }, 240_000)
  afterAll(async () => {
    await t?.stop()
  }, 60_000)

  it('drains 120 waiting changes once Mailchimp is back', async () => {
    const target = t!
    const emails = Array.from(
      { length: 120 },
      (_, i) => `backlog-${i}-${Date.now().toString(36)}@example.com`,
    )
    target.mailchimp.down = true
    // Ten at a time (distinct addresses), so the backlog builds up quickly.
    const put = async (email: string) => {
      const res = await fetch(`${target.baseUrl}/api/v1/contacts/${encodeURIComponent(email)}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          subscriptions: { newsletter: 'subscribed' },
          consent: { source: 'crm-import', text: 'Yes, send me the newsletter' },
        }),
      })
      expect(res.status).toBeLessThan(300)
    }
    for (let i = 0; i < emails.length; i += 10) await Promise.all(emails.slice(i, i + 10).map(put))
    expect(emails.some((email) => target.mailchimp.member(email))).toBe(false)
    target.mailchimp.down = false
    try {
      await waitUntil(
        () => emails.every((email) => target.mailchimp.member(email)?.status === 'subscribed'),
        'the whole backlog in Mailchimp',
        120_000,
      )
    } catch (error) {
      // What the drains said (their summaries, any cut-off waitUntil), for whoever reads CI.
      const arrived = emails.filter((email) => target.mailchimp.member(email)).length
      const said = target
        .output()
        .split('\n')
        .filter((line) => /mailchimp|deferred|waitUntil|scheduled|error/i.test(line))
        .slice(-40)
      throw new Error(`${String(error)}: ${arrived} of 120 arrived\n${said.join('\n')}`)
    }
  }, 240_000)
})
