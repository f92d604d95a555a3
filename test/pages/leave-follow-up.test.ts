import { afterEach, describe, expect, it } from 'vitest'
import { postForm, snapshot, statuses, subscribeAndConfirm } from '../public/helpers.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'
import { addAdvisories, linkFor, textOf } from './support.js'

let t: TestApp
afterEach(() => t?.close())

async function stats() {
  const res = await t.app.request('/api/v1/stats', {
    headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
  })
  expect(res.status).toBe(200)
  return (await res.json()) as { leave_reasons: Record<string, number> }
}

describe('issue 13 beyond: a reason when leaving, only after the leave took effect', () => {
  it('the unsubscribed page asks; the answer lands in the ledger and in /api/v1/stats', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    const page = await (await postForm(t, path, [['List-Unsubscribe', 'One-Click']])).text()
    expect(page).toContain(`action="${path}/reason"`)
    expect((await statuses(t, 'ada@example.com')).newsletter).toBe('unsubscribed')

    const res = await postForm(t, `${path}/reason`, [
      ['reason', 'too_many'],
      ['text', 'Weekly would be fine'],
    ])
    expect(res.status).toBe(200)
    const thanks = await res.text()
    expect(textOf(thanks)).toContain('Thank you')
    // The way on to the preferences page stays (a browser review: it was a dead end).
    const prefs = /href="(\/preferences\/[^"]+)"/.exec(thanks)![1]!
    expect((await t.app.request(prefs)).status).toBe(200)
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('to_status', '=', 'leave_reason')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(event.detail!)).toEqual({
      reason: 'too_many',
      text: 'Weekly would be fine',
      lists: ['newsletter'],
    })
    expect((await stats()).leave_reasons.too_many).toBe(1)

    // Once per leave; a refresh or a second answer is thanked again, not an error page.
    const again = await postForm(t, `${path}/reason`, [['reason', 'other']])
    expect(again.status).toBe(200)
    expect(textOf(await again.text())).toContain('We already have your answer')
    expect((await stats()).leave_reasons).toEqual({
      too_many: 1,
      not_relevant: 0,
      never_signed_up: 0,
      other: 0,
    })
  })

  it('erasure keeps the chosen answer but not the free text', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    await postForm(t, `${path}/reason`, [
      ['reason', 'other'],
      ['text', 'Ada Lovelace, ada@example.com, asked me to leave'],
    ])
    const erased = await t.app.request(
      `/api/v1/contacts/${encodeURIComponent('ada@example.com')}`,
      {
        method: 'DELETE',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      },
    )
    expect(erased.status).toBe(200)
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('to_status', '=', 'leave_reason')
      .executeTakeFirstOrThrow()
    expect(JSON.parse(event.detail!)).toEqual({ reason: 'other', lists: ['newsletter'] })
    expect((await stats()).leave_reasons.other).toBe(1)
  })

  it('is refused before leaving and for an answer not offered, changing nothing', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    const before = await snapshot(t)
    expect((await postForm(t, `${path}/reason`, [['reason', 'too_many']])).status).toBe(400)
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    const afterLeave = await snapshot(t)
    expect((await postForm(t, `${path}/reason`, [['reason', 'bored']])).status).toBe(400)
    expect(await snapshot(t)).toEqual(afterLeave)
    expect(afterLeave.events.length).toBeGreaterThan(before.events.length)
  })
})

describe('issue 13 beyond: undo on the unsubscribed page, for a while', () => {
  it('re-joins what the link left, with the consent wording in the ledger', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    const page = await (await postForm(t, path, [])).text()
    expect(page).toContain(`action="${path}/undo"`)
    // The undo form shows what joining again means, and who processes the data.
    expect(textOf(page)).toContain(
      'By joining again, I agree to receive the emails of the lists I just left',
    )
    expect(textOf(page)).toContain('For 30 minutes after leaving')
    expect(textOf(page)).toContain('Mailchimp')
    const res = await postForm(t, `${path}/undo`, [])
    expect(res.status).toBe(200)
    expect(textOf(await res.text())).toContain('You will receive again: Newsletter')
    expect((await statuses(t, 'ada@example.com')).newsletter).toBe('subscribed')
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('list_id', '=', 'newsletter')
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(event.to_status).toBe('subscribed')
    expect(event.consent_text).toContain('By joining again, I agree')
    expect(JSON.parse(event.detail!)).toMatchObject({ action: 'undo' })
  })

  it('after the window, undo is refused and nothing changes', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    await postForm(t, path, [])
    t.clock.advance(31 * 60_000)
    const before = await snapshot(t)
    const res = await postForm(t, `${path}/undo`, [])
    expect(res.status).toBe(409)
    expect(textOf(await res.text())).toContain('can no longer be undone')
    expect(await snapshot(t)).toEqual(before)
  })

  it('never turns a list that was only pending into subscribed (found by an attacker review)', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    // Someone else asks for webinars in Ada's name: pending until she confirms, which she never does.
    const asked = await t.app.request('/subscribe', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@example.com', lists: ['webinars'] }),
    })
    expect(asked.status).toBe(202)
    expect((await statuses(t, 'ada@example.com')).webinars).toBe('pending')
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe_all')
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    const res = await postForm(t, `${path}/undo`, [])
    expect(res.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'unsubscribed',
    })
  })

  it('does not undo a leave that came from elsewhere meanwhile (the admin API)', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    // The company removes her, then she opens an old link: nothing of hers to undo.
    const removed = await t.app.request('/api/v1/contacts/ada%40example.com', {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ subscriptions: { newsletter: 'unsubscribed' } }),
    })
    expect(removed.status).toBe(200)
    const before = await snapshot(t)
    expect((await postForm(t, `${path}/undo`, [])).status).toBe(409)
    expect(await snapshot(t)).toEqual(before)
  })

  it('never re-joins a list that comes with an account', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories(t, 'ada@example.com')
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['technical-advisories'])
    await postForm(t, path, [['confirm_cancel', 'yes']])
    expect((await postForm(t, `${path}/undo`, [])).status).toBe(409)
    expect((await statuses(t, 'ada@example.com'))['technical-advisories']).toBe('unsubscribed')
  })
})

describe('leaving, then a refresh, a second click or the link again (a browser review)', () => {
  it('an undo sent twice answers the same: subscribed again, nothing more recorded', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    expect((await postForm(t, `${path}/undo`, [])).status).toBe(200)
    const before = await snapshot(t)
    const again = await postForm(t, `${path}/undo`, [])
    expect(again.status).toBe(200)
    const text = textOf(await again.text())
    expect(text).toContain('You will receive again: Newsletter')
    expect(text).not.toContain('can no longer be undone')
    expect(await snapshot(t)).toEqual(before)
  })

  it('a reason sent with nothing chosen comes back to its form, with the problem on it', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    const before = await snapshot(t)
    const res = await postForm(t, `${path}/reason`, [['text', '   ']])
    expect(res.status).toBe(400)
    const html = await res.text()
    expect(html).toContain(`action="${path}/reason"`)
    expect(html).toContain(`action="${path}/undo"`)
    expect(html).toMatch(/<fieldset aria-invalid="true" aria-describedby="reason-error">/)
    expect(html).toMatch(/id="reason-error"[^>]*>Please choose an answer or write one/)
    expect(await snapshot(t)).toEqual(before)
  })

  it('the link opened again within the half hour still offers undo and the question', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    const before = await snapshot(t)
    const page = await (await t.app.request(path)).text()
    expect(textOf(page)).toContain('You left “Newsletter”')
    expect(page).toContain(`action="${path}/undo"`)
    expect(page).toContain(`action="${path}/reason"`)
    expect(await snapshot(t)).toEqual(before)
    // Once a reason is given the question is not asked again; undo stays for the half hour.
    await postForm(t, `${path}/reason`, [['reason', 'too_many']])
    const answered = await (await t.app.request(path)).text()
    expect(answered).not.toContain(`action="${path}/reason"`)
    expect(answered).toContain(`action="${path}/undo"`)
    t.clock.advance(31 * 60_000)
    const later = await (await t.app.request(path)).text()
    expect(later).not.toContain(`action="${path}/undo"`)
    expect(later).not.toContain(`action="${path}/reason"`)
  })
})

describe('undo brings back only what its own link left (a parity review)', () => {
  it('an all-lists link does not re-join a list left through its own one-list link', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter', 'webinars'])
    const webinars = await linkFor(t, 'ada@example.com', 'unsubscribe', ['webinars'])
    await postForm(t, webinars, [['List-Unsubscribe', 'One-Click']])
    const all = await linkFor(t, 'ada@example.com', 'unsubscribe_all')
    await postForm(t, all, [['List-Unsubscribe', 'One-Click']])
    const res = await postForm(t, `${all}/undo`, [])
    expect(res.status).toBe(200)
    expect(textOf(await res.text())).toContain('You will receive again: Newsletter')
    expect(await statuses(t, 'ada@example.com')).toEqual({
      newsletter: 'subscribed',
      webinars: 'unsubscribed',
    })
    // The webinars link still undoes its own leave.
    expect((await postForm(t, `${webinars}/undo`, [])).status).toBe(200)
    expect((await statuses(t, 'ada@example.com')).webinars).toBe('subscribed')
  })
})

describe('undo answers only for what was undone (an attacker review)', () => {
  it('a link that never left anything: 409, not "welcome back"', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'unsubscribe', ['newsletter'])
    const res = await postForm(t, `${path}/undo`, [], { accept: 'application/json' })
    expect(res.status).toBe(409)
  })

  it('a contact merged away by an upemail has nothing to undo', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'old@example.com', ['newsletter'])
    await subscribeAndConfirm(t, 'new@example.com', ['newsletter'])
    const path = await linkFor(t, 'old@example.com', 'unsubscribe', ['newsletter'])
    await postForm(t, path, [['List-Unsubscribe', 'One-Click']])
    const old = await t.deps.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'old@example.com')
      .executeTakeFirstOrThrow()
    const into = await t.deps.db
      .selectFrom('contacts')
      .select('id')
      .where('email', '=', 'new@example.com')
      .executeTakeFirstOrThrow()
    await t.deps.db
      .updateTable('contacts')
      .set({ merged_into: into.id })
      .where('id', '=', old.id)
      .execute()
    const fresh = await linkFor(t, 'old@example.com', 'unsubscribe', ['newsletter'])
    const before = await snapshot(t)
    expect((await postForm(t, `${fresh}/undo`, [])).status).toBe(409)
    expect(await snapshot(t)).toEqual(before)
  })
})
