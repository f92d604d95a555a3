import { afterEach, describe, expect, it } from 'vitest'
import { resumePausesJob } from '../../src/domain/subscription/pause.js'
import { backgroundJobs } from '../../src/jobs.js'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import { migrate } from '../../src/db/migrate.js'
import { openDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import { createScratchDatabase, postgresAvailable } from '../postgres/pg-support.js'
import { seedContact } from '../admin/helpers.js'
import { postForm, snapshot, statuses, subscribeAndConfirm } from '../public/helpers.js'
import { startFakeMailchimp, type FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { contactId, linkFor, textOf } from './support.js'

let t: TestApp
let mc: FakeMailchimpServer | undefined
afterEach(async () => {
  await t?.close()
  await mc?.close()
  mc = undefined
})

const DAY = 86_400_000

/** An app wired to the fake Mailchimp, with ada on the newsletter and webinars, both synced. */
async function withMailchimp() {
  mc = await startFakeMailchimp()
  t = await createTestApp(mc.env())
  await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
  await drainMailchimp(t.deps)
  const path = await linkFor(t, 'ada@example.com', 'preferences')
  return path
}

const interestIdOf = (name: string) =>
  mc!.audience.categories[0]!.interests.find((i) => i.name === name)!.id

async function ledgerOf(email: string) {
  return t.deps.db
    .selectFrom('consent_events')
    .selectAll()
    .where('contact_id', '=', await contactId(t, email))
    .orderBy('id')
    .execute()
}

async function pausedUntil(email: string, list: string) {
  const row = await t.deps.db
    .selectFrom('subscriptions')
    .select('paused_until')
    .where('contact_id', '=', await contactId(t, email))
    .where('list_id', '=', list)
    .executeTakeFirstOrThrow()
  return row.paused_until === null ? null : Number(row.paused_until)
}

const pauseForm = (list: string, months: string): [string, string][] => [
  ['list', list],
  ['months', months],
]

describe('issue 13 "Beyond": pause a list for 1 or 3 months', () => {
  it('the page offers a pause for each subscribed list, and GET changes nothing', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const before = await snapshot(t)
    const html = await (await t.app.request(path)).text()
    expect(html).toContain(`action="${path}/pause"`)
    expect(html).toMatch(/name="list" value="newsletter"/)
    expect(textOf(html)).toContain('Pause for 1 month')
    expect(textOf(html)).toContain('Pause for 3 months')
    // A screen reader hears which list each button pauses (a browser review).
    expect(html).toContain('id="pause-list-newsletter"')
    expect(html).toContain('aria-describedby="pause-list-newsletter"')
    // Webinars is not subscribed: nothing to pause there.
    expect(html).not.toMatch(/name="list" value="webinars"/)
    expect((await t.app.request(`${path}/pause`)).status).toBe(405)
    expect(await snapshot(t)).toEqual(before)
  })

  it('a list that comes with the account is not offered, and its pause is refused (an attacker review)', async () => {
    // Its mail is the account's notices: a forwarded link must not silence them for months
    // without the confirmation that leaving needs.
    t = await createTestApp()
    await seedContact(t, 'ada@example.com', { 'technical-advisories': 'subscribed' })
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const html = await (await t.app.request(path)).text()
    expect(html).not.toMatch(/name="list" value="technical-advisories"/)
    const before = await snapshot(t)
    const res = await t.app.request(`${path}/pause`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ list: 'technical-advisories', months: 3 }),
    })
    expect(res.status).toBe(400)
    expect(await snapshot(t)).toEqual(before)
  })

  it('POST pauses: the date on the page, a ledger row with its end, the interest off at Mailchimp', async () => {
    const path = await withMailchimp()
    expect(mc!.member('ada@example.com')!.interests[interestIdOf('Newsletter')]).toBe(true)

    const res = await postForm(t, `${path}/pause`, pauseForm('newsletter', '1'))
    expect(res.status).toBe(200)
    const text = textOf(await res.text())
    // Said at the top, where the button was pressed from (a review: the page said nothing).
    expect(text).toContain('Paused: Newsletter, until 22 December 2026')
    expect(text).toContain('Paused until 22 December 2026')
    expect(text).toContain('Resume now')
    const until = Date.UTC(2026, 11, 22, 12, 0, 0)
    expect(await pausedUntil('ada@example.com', 'newsletter')).toBe(until)
    // Still subscribed: a pause is not an opt-out.
    expect((await statuses(t, 'ada@example.com')).newsletter).toBe('subscribed')

    const paused = (await ledgerOf('ada@example.com')).at(-1)!
    expect(paused).toMatchObject({
      list_id: 'newsletter',
      from_status: 'subscribed',
      to_status: 'paused',
      source: 'preferences',
    })
    expect(JSON.parse(paused.detail!)).toMatchObject({ paused_until: until, months: 1 })

    const queued = await t.deps.db
      .selectFrom('outbox')
      .selectAll()
      .where('topic', '=', 'mailchimp')
      .where('done_at', 'is', null)
      .execute()
    expect(queued).toHaveLength(1)
    await drainMailchimp(t.deps)
    const member = mc!.member('ada@example.com')!
    expect(member.status).toBe('subscribed')
    expect(member.interests[interestIdOf('Newsletter')]).toBe(false)
    expect(member.interests[interestIdOf('Webinars')]).toBe(true)

    // The JSON view tells the same.
    const json = await (
      await t.app.request(path, { headers: { accept: 'application/json' } })
    ).json()
    const newsletter = json.lists.find((list: { id: string }) => list.id === 'newsletter')
    expect(newsletter).toMatchObject({ status: 'subscribed', paused_until: until })
  })

  it('pausing the only synced list sends the member as with none subscribed', async () => {
    mc = await startFakeMailchimp()
    t = await createTestApp(mc.env())
    await subscribeAndConfirm(t, 'bo@example.com', ['newsletter'])
    await drainMailchimp(t.deps)
    const path = await linkFor(t, 'bo@example.com', 'preferences')
    const res = await postForm(t, `${path}/pause`, pauseForm('newsletter', '3'))
    expect(res.status).toBe(200)
    expect(textOf(await res.text())).toContain('Paused until 22 February 2027')
    await drainMailchimp(t.deps)
    const member = mc.member('bo@example.com')!
    expect(member.status).toBe('unsubscribed')
    expect(member.interests[interestIdOf('Newsletter')]).toBe(false)
  })

  it('resume now: the interest is on again and the ledger records the resume', async () => {
    const path = await withMailchimp()
    await postForm(t, `${path}/pause`, pauseForm('newsletter', '3'))
    await drainMailchimp(t.deps)
    const res = await postForm(t, `${path}/resume`, [['list', 'newsletter']])
    expect(res.status).toBe(200)
    const text = textOf(await res.text())
    expect(text).not.toContain('Paused until')
    expect(text).toContain('Resumed: Newsletter.')
    expect(text).toContain('Pause for 1 month')
    expect(await pausedUntil('ada@example.com', 'newsletter')).toBeNull()
    const resumed = (await ledgerOf('ada@example.com')).at(-1)!
    expect(resumed).toMatchObject({
      list_id: 'newsletter',
      from_status: 'paused',
      to_status: 'resumed',
      source: 'preferences',
    })
    expect(JSON.parse(resumed.detail!)).toMatchObject({ resume: 'by_person' })
    await drainMailchimp(t.deps)
    expect(mc!.member('ada@example.com')!.interests[interestIdOf('Newsletter')]).toBe(true)
  })

  it('the hourly job resumes a pause once its end has passed, and not before', async () => {
    const path = await withMailchimp()
    expect(backgroundJobs(t.deps).map((job) => job.name)).toContain(resumePausesJob.name)
    await postForm(t, `${path}/pause`, pauseForm('newsletter', '1'))
    await drainMailchimp(t.deps)

    t.clock.advance(29 * DAY)
    expect(await resumePausesJob.run(t.deps)).toBe(0)
    expect(await pausedUntil('ada@example.com', 'newsletter')).not.toBeNull()

    t.clock.advance(2 * DAY)
    expect(await resumePausesJob.run(t.deps)).toBe(1)
    expect(await pausedUntil('ada@example.com', 'newsletter')).toBeNull()
    const resumed = (await ledgerOf('ada@example.com')).at(-1)!
    expect(resumed).toMatchObject({
      list_id: 'newsletter',
      from_status: 'paused',
      to_status: 'resumed',
      source: 'system',
    })
    expect(JSON.parse(resumed.detail!)).toMatchObject({ resume: 'pause_ended' })
    await drainMailchimp(t.deps)
    const member = mc!.member('ada@example.com')!
    expect(member.interests[interestIdOf('Newsletter')]).toBe(true)
    expect((await statuses(t, 'ada@example.com')).newsletter).toBe('subscribed')
    // The lease holds for the hour: a second instance does nothing.
    t.clock.advance(60_000)
    expect(await resumePausesJob.run(t.deps)).toBe(0)
  })

  it.each([
    ['months 2', pauseForm('newsletter', '2')],
    ['months missing', [['list', 'newsletter']] as [string, string][]],
    ['an unknown list', pauseForm('nope', '1')],
    ['a list the person is not on', pauseForm('webinars', '1')],
    ['no list', [['months', '1']] as [string, string][]],
  ])('bad input (%s): 400 and nothing changes', async (_name, fields) => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const before = await snapshot(t)
    const res = await postForm(t, `${path}/pause`, fields)
    expect(res.status).toBe(400)
    const resume = await postForm(t, `${path}/resume`, [['list', 'newsletter']])
    expect(resume.status).toBe(400)
    expect(await snapshot(t)).toEqual(before)
  })

  it('a paused list cannot be paused again, and a bad token is refused', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    expect((await postForm(t, `${path}/pause`, pauseForm('newsletter', '1'))).status).toBe(200)
    const before = await snapshot(t)
    expect((await postForm(t, `${path}/pause`, pauseForm('newsletter', '3'))).status).toBe(400)
    expect(
      (await postForm(t, '/preferences/not-a-token/pause', pauseForm('newsletter', '1'))).status,
    ).toBeGreaterThanOrEqual(400)
    expect(await snapshot(t)).toEqual(before)
  })

  it('leaving a paused list ends the pause; the job then has nothing to resume', async () => {
    const path = await withMailchimp()
    await postForm(t, `${path}/pause`, pauseForm('newsletter', '1'))
    const left = await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'webinars'],
    ])
    expect(left.status).toBe(200)
    expect(textOf(await left.text())).not.toContain('Paused until')
    expect((await statuses(t, 'ada@example.com')).newsletter).toBe('unsubscribed')
    expect(await pausedUntil('ada@example.com', 'newsletter')).toBeNull()
    t.clock.advance(40 * DAY)
    expect(await resumePausesJob.run(t.deps)).toBe(0)
    expect((await statuses(t, 'ada@example.com')).newsletter).toBe('unsubscribed')
    await drainMailchimp(t.deps)
    expect(mc!.member('ada@example.com')!.interests[interestIdOf('Newsletter')]).toBe(false)

    // Joining again later starts unpaused.
    await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'webinars'],
      ['lists', 'newsletter'],
    ])
    expect(await pausedUntil('ada@example.com', 'newsletter')).toBeNull()
    await drainMailchimp(t.deps)
    expect(mc!.member('ada@example.com')!.interests[interestIdOf('Newsletter')]).toBe(true)
  })

  it('a one-click unsubscribe of a paused list ends the pause', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    await postForm(t, `${path}/pause`, pauseForm('newsletter', '1'))
    const unsubscribe = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    const res = await postForm(t, unsubscribe, [['List-Unsubscribe', 'One-Click']])
    expect(res.status).toBeLessThan(300)
    expect((await statuses(t, 'ada@example.com')).newsletter).toBe('unsubscribed')
    expect(await pausedUntil('ada@example.com', 'newsletter')).toBeNull()
  })
})

describe('a pause and Mailchimp profile webhooks', () => {
  it('the paused interest, unticked at Mailchimp because we sent it so, is no opt-out', async () => {
    const SECRET = 'hook-secret-0123456789'
    mc = await startFakeMailchimp()
    t = await createTestApp(mc.env({ MAILCHIMP_WEBHOOK_SECRET: SECRET }))
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
    await drainMailchimp(t.deps)
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    await postForm(t, `${path}/pause`, pauseForm('newsletter', '1'))
    await drainMailchimp(t.deps)
    const until = await pausedUntil('ada@example.com', 'newsletter')
    // The person edits their profile at Mailchimp, where the paused newsletter shows unticked.
    const res = await t.app.request(`/webhooks/mailchimp/${SECRET}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        type: 'profile',
        fired_at: '2026-11-22 12:05:00',
        'data[email]': 'ada@example.com',
        'data[merges][INTERESTS]': 'Webinars',
      }).toString(),
    })
    expect(res.status).toBe(200)
    const now = await statuses(t, 'ada@example.com')
    expect(now.newsletter).toBe('subscribed')
    expect(now.webinars).toBe('subscribed')
    expect(await pausedUntil('ada@example.com', 'newsletter')).toBe(until)
  })
})

const pgAvailable = await postgresAvailable()

describe.skipIf(!pgAvailable)('a pause on PostgreSQL (BIGINT paused_until)', () => {
  it('pauses, shows the date, and the job resumes it once the end has passed', async () => {
    const scratch = await createScratchDatabase()
    const pgDb = await openDatabase(scratch.url)
    try {
      await migrate(pgDb.db, await readMigrations())
      t = await createTestApp({}, { db: pgDb.db, dbKind: pgDb.kind })
      await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
      const path = await linkFor(t, 'ada@example.com', 'preferences')
      const res = await postForm(t, `${path}/pause`, pauseForm('newsletter', '3'))
      expect(res.status).toBe(200)
      expect(textOf(await res.text())).toContain('Paused until 22 February 2027')
      expect(await pausedUntil('ada@example.com', 'newsletter')).toBe(
        Date.UTC(2027, 1, 22, 12, 0, 0),
      )
      t.clock.advance(92 * DAY)
      expect(await resumePausesJob.run(t.deps)).toBe(1)
      expect(await pausedUntil('ada@example.com', 'newsletter')).toBeNull()
      expect((await ledgerOf('ada@example.com')).map((row) => row.to_status)).toEqual(
        expect.arrayContaining(['paused', 'resumed']),
      )
      expect((await statuses(t, 'ada@example.com')).newsletter).toBe('subscribed')
    } finally {
      // t itself (its own SQLite file) is closed by afterEach.
      await pgDb.close()
      await scratch.drop()
    }
  })
})
