import { afterEach, describe, expect, it } from 'vitest'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import { OUTAGE_KEY } from '../../src/mailchimp/sync-outcome.js'
import { readSetting } from '../../src/repos/settings.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { makeContact, outboxRows, setLists } from './helpers.js'

let mc: FakeMailchimpServer
const apps: TestApp[] = []
afterEach(async () => {
  for (const app of apps.splice(0)) await app.close()
  await mc.close()
})

async function start() {
  mc = await startFakeMailchimp()
  const t = await createTestApp(mc.env())
  apps.push(t)
  return t
}

const waiting = async (t: TestApp) =>
  (await outboxRows(t)).filter((row) => row.done_at === null && row.failed_at === null)

describe('after an outage', () => {
  it('the first answer from Mailchimp makes the whole backlog due, not row by row over the backoff', async () => {
    const t = await start()
    mc.down = true
    for (let i = 0; i < 5; i++) {
      const contact = await makeContact(t, `out${i}@example.com`)
      await setLists(t, contact, { newsletter: 'subscribed' }, 'one_click')
    }
    // Five failed passes, each once the rows are due again: the rows now wait 16-32 s.
    for (let pass = 0; pass < 5; pass++) {
      await drainMailchimp(t.deps)
      t.clock.advance(Math.max(...(await waiting(t)).map((row) => row.available_at)) - t.deps.now())
    }
    await drainMailchimp(t.deps)
    const backlog = await waiting(t)
    expect(backlog.map((row) => row.attempts)).toEqual([6, 6, 6, 6, 6])
    expect(Math.min(...backlog.map((row) => row.available_at)) - t.deps.now()).toBeGreaterThan(
      30_000,
    )
    expect(await readSetting(t.deps.db, OUTAGE_KEY)).toBeDefined()

    mc.down = false
    // A new change goes at once; its success shows Mailchimp is back, and the backlog follows.
    const late = await makeContact(t, 'late@example.com')
    await setLists(t, late, { newsletter: 'subscribed' }, 'one_click')
    await drainMailchimp(t.deps)
    expect(await waiting(t)).toEqual([])
    for (let i = 0; i < 5; i++) expect(mc.member(`out${i}@example.com`)?.status).toBe('subscribed')
    expect(await readSetting(t.deps.db, OUTAGE_KEY)).toBeUndefined()
  })

  it('a 429 is no outage: the row it refused keeps its delay when others go through', async () => {
    const t = await start()
    const ana = await makeContact(t, 'ana@example.com')
    await setLists(t, ana, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps) // provisions and sends
    mc.failNext(1, 429)
    await setLists(t, ana, { webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    const [refused] = await waiting(t)
    expect(refused!.last_error).toContain('429')
    expect(await readSetting(t.deps.db, OUTAGE_KEY)).toBeUndefined()
    const bo = await makeContact(t, 'bo@example.com')
    await setLists(t, bo, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('bo@example.com')?.status).toBe('subscribed')
    expect(await waiting(t)).toMatchObject([
      { id: refused!.id, attempts: 1, available_at: refused!.available_at },
    ])
  })

  it('one member Mailchimp answers 500 for, alone in its round, is no outage: its delay stands', async () => {
    const t = await start()
    const cy = await makeContact(t, 'cy@example.com')
    await setLists(t, cy, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    mc.failNext(1, 500)
    await setLists(t, cy, { webinars: 'subscribed' })
    await drainMailchimp(t.deps)
    const [refused] = await waiting(t)
    expect(refused!.last_error).toContain('500')
    expect(await readSetting(t.deps.db, OUTAGE_KEY)).toBeUndefined()
    const dee = await makeContact(t, 'dee@example.com')
    await setLists(t, dee, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps)
    expect(mc.member('dee@example.com')?.status).toBe('subscribed')
    expect(await waiting(t)).toMatchObject([
      { id: refused!.id, attempts: 1, available_at: refused!.available_at },
    ])
  })

  it('brings waiting rows forward at most once in ten minutes, however often outages seem to end', async () => {
    const t = await start()
    const outage = async (prefix: string) => {
      mc.down = true
      for (const name of ['a', 'b']) {
        const contact = await makeContact(t, `${prefix}${name}@example.com`)
        await setLists(t, contact, { newsletter: 'subscribed' })
      }
      await drainMailchimp(t.deps)
      expect(await readSetting(t.deps.db, OUTAGE_KEY)).toBeDefined()
      mc.down = false
      const next = await makeContact(t, `${prefix}next@example.com`)
      await setLists(t, next, { newsletter: 'subscribed' })
      await drainMailchimp(t.deps)
      expect(await readSetting(t.deps.db, OUTAGE_KEY)).toBeUndefined()
    }
    await outage('first')
    expect(await waiting(t)).toEqual([])
    t.clock.advance(9 * 60_000)
    await outage('second')
    expect((await waiting(t)).map((row) => row.attempts)).toEqual([1, 1])
    t.clock.advance(60_000 + 1)
    await outage('third')
    expect(await waiting(t)).toEqual([])
    expect(mc.member('seconda@example.com')?.status).toBe('subscribed')
  })
})

describe('the lease of a slow round', () => {
  it('is renewed while the round waits on Mailchimp, so a second drainer does not send the same change again', async () => {
    const t = await start()
    const eve = await makeContact(t, 'eve@example.com')
    await setLists(t, eve, { newsletter: 'subscribed' })
    await drainMailchimp(t.deps) // provisions and sends
    await setLists(t, eve, { webinars: 'subscribed' })
    const before = mc.requests('PUT', '/members/').length
    mc.latencyMs = 1500
    const slow = drainSlowly(t)
    // The slow drainer has claimed the row and its PUT is on the wire.
    await until(() => mc.requests('PUT', '/members/').length > before)
    // Far past the lease the slow drainer took: only its renewals keep the row its own.
    t.clock.advance(10 * 60_000)
    await until(async () =>
      (await outboxRows(t)).some((row) => row.claimed_until === t.deps.now() + 150),
    )
    mc.latencyMs = 0
    const second = await drainMailchimp(t.deps, { leaseMs: 150 })
    expect(second.claimed).toBe(0)
    expect((await slow).sent).toBe(1)
    expect(mc.requests('PUT', '/members/').length - before).toBe(1)
    expect(await waiting(t)).toEqual([])
  })
})

function drainSlowly(t: TestApp) {
  return drainMailchimp(t.deps, { leaseMs: 150 })
}

/** Polls until `check` holds; a bound on waiting, not a timing assertion. */
async function until(check: () => boolean | Promise<boolean>, limitMs = 10_000) {
  const deadline = Date.now() + limitMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('gave up waiting')
    await new Promise((done) => setTimeout(done, 10))
  }
}
