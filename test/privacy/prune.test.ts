import { afterEach, describe, expect, it } from 'vitest'
import { prunePending } from '../../src/domain/privacy/prune.js'
import { backgroundJobs } from '../../src/jobs.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, seedContact } from '../admin/helpers.js'

let t: TestApp
afterEach(() => t?.close())

const DAY = 86_400_000

describe('pending prune', () => {
  it('deletes only contacts that never confirmed anything once PENDING_TTL has passed', async () => {
    t = await createTestApp({ PENDING_TTL: '30d' })
    expect(backgroundJobs(t.deps).map((job) => job.name)).toContain('prune-pending')
    await api(t, 'PUT', `/contacts/${enc('old-pending@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      confirm: true,
    })
    await seedContact(t, 'confirmed@example.com')
    // Confirmed once, now pending again on another list: kept.
    await api(t, 'PUT', `/contacts/${enc('confirmed@example.com')}`, {
      subscriptions: { webinars: 'subscribed' },
      confirm: true,
    })
    t.clock.advance(20 * DAY)
    await api(t, 'PUT', `/contacts/${enc('young-pending@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      confirm: true,
    })

    expect(await prunePending(t.deps)).toBe(0)
    t.clock.advance(11 * DAY)
    expect(await prunePending(t.deps)).toBe(1)

    const emails = (
      await t.deps.db.selectFrom('contacts').select('email').orderBy('email').execute()
    ).map((row) => row.email)
    expect(emails).toEqual(['confirmed@example.com', 'young-pending@example.com'])
    const pruned = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('to_status', '=', 'pruned')
      .execute()
    expect(pruned).toHaveLength(1)
    expect(pruned[0]).toMatchObject({ source: 'system', email: null })
    const ledger = JSON.stringify(
      await t.deps.db.selectFrom('consent_events').selectAll().execute(),
    )
    expect(ledger).not.toContain('old-pending@example.com')
    // Not suppressed: the address may sign up again.
    expect(await t.deps.db.selectFrom('suppressions').selectAll().execute()).toEqual([])
    expect(await prunePending(t.deps)).toBe(0)
  })

  it('runs as a job once per lease, so several instances never prune twice', async () => {
    t = await createTestApp({ PENDING_TTL: '30d' })
    const job = backgroundJobs(t.deps).find((candidate) => candidate.name === 'prune-pending')!
    await api(t, 'PUT', `/contacts/${enc('first@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      confirm: true,
    })
    t.clock.advance(31 * DAY)
    expect(await job.run(t.deps)).toBe(1)
    await api(t, 'PUT', `/contacts/${enc('second@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      confirm: true,
    })
    t.clock.advance(31 * DAY - 60 * 60_000)
    // Another instance took the lease 10 minutes ago: within it nobody else prunes, even with
    // work waiting; once it has run out, the next pass does.
    await t.deps.db
      .updateTable('settings')
      .set({ updated_at: t.deps.now() - 10 * 60_000 })
      .where('key', '=', 'lease:prune-pending')
      .execute()
    expect(await job.run(t.deps)).toBe(0)
    expect(
      (await t.deps.db.selectFrom('contacts').select('email').execute()).map((row) => row.email),
    ).toEqual(['second@example.com'])
    t.clock.advance(60 * 60_000)
    expect(await job.run(t.deps)).toBe(1)
    expect(
      await t.deps.db
        .selectFrom('consent_events')
        .select('id')
        .where('to_status', '=', 'pruned')
        .execute(),
    ).toHaveLength(2)
  })

  it('forgets address-change requests once their links expired: the typed address goes too (a review)', async () => {
    t = await createTestApp()
    await seedContact(t, 'ada@example.com')
    const links = (await (
      await api(t, 'POST', `/contacts/${enc('ada@example.com')}/links`)
    ).json()) as any
    const prefs = new URL(links.preferences_url).pathname
    const asked = await t.app.request(prefs, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'action=change_email&new_email=someone.else%40example.org',
    })
    expect(asked.status).toBe(202)
    const job = backgroundJobs(t.deps).find((candidate) => candidate.name === 'prune-pending')!
    const rows = () => t.deps.db.selectFrom('address_changes').selectAll().execute()
    expect(await rows()).toHaveLength(1)
    await job.run(t.deps)
    expect(await rows()).toHaveLength(1)
    t.clock.advance(DAY + 1)
    await t.deps.db.deleteFrom('settings').where('key', '=', 'lease:prune-pending').execute()
    await job.run(t.deps)
    expect(await rows()).toEqual([])
  })
})
