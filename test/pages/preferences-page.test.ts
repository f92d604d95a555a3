import { afterEach, describe, expect, it } from 'vitest'
import { postForm, snapshot, statuses, subscribeAndConfirm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { addAdvisories, contactId, linkFor, listBox, textOf } from './support.js'

let t: TestApp
afterEach(() => t?.close())

const WARNING = 'Warning: leaving “Technical advisories” cancels your account'

describe('issue 13 item 3: the cancel warning appears only when the person unticks that list', () => {
  it('is absent while the list stays ticked, and a stray tick changes nothing', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories(t, 'ada@example.com')
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const html = await (await t.app.request(path)).text()
    expect(listBox(html, 'technical-advisories')).toContain('checked')
    expect(textOf(html)).not.toContain(WARNING)
    expect(html).not.toContain('name="confirm_cancel"')

    const kept = await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'newsletter'],
      ['lists', 'technical-advisories'],
      ['confirm_cancel', 'yes'],
    ])
    expect(kept.status).toBe(200)
    expect(textOf(await kept.text())).not.toContain(WARNING)
    expect((await statuses(t, 'ada@example.com'))['technical-advisories']).toBe('subscribed')
  })

  it('unticking it without the tick: 400, the warning and its tick, the list shown unticked', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories(t, 'ada@example.com')
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const refused = await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'newsletter'],
    ])
    expect(refused.status).toBe(400)
    const html = await refused.text()
    expect(textOf(html)).toContain(WARNING)
    expect(html).toContain('name="confirm_cancel"')
    expect(listBox(html, 'technical-advisories')).not.toContain('checked')
    expect((await statuses(t, 'ada@example.com'))['technical-advisories']).toBe('subscribed')

    const done = await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'newsletter'],
      ['confirm_cancel', 'yes'],
    ])
    expect(done.status).toBe(200)
    expect((await statuses(t, 'ada@example.com'))['technical-advisories']).toBe('unsubscribed')
  })
})

describe('issue 13 item 5: contract lists appear only for people on them and are never self-subscribable', () => {
  it('a newsletter reader sees no box for call reports or technical advisories, and cannot post one', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const html = await (await t.app.request(path)).text()
    expect(listBox(html, 'call-reports')).toBeUndefined()
    expect(listBox(html, 'technical-advisories')).toBeUndefined()
    expect(listBox(html, 'webinars')).toBeDefined()

    const before = await snapshot(t)
    const res = await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'newsletter'],
      ['lists', 'call-reports'],
    ])
    expect(res.status).toBe(400)
    expect(textOf(await res.text())).toContain('“Call reports” comes with your account')
    expect(await snapshot(t)).toEqual(before)
  })

  it('after cancelling, the list shows as left with its date, without a box, and cannot be re-ticked', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await addAdvisories(t, 'ada@example.com')
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'newsletter'],
      ['confirm_cancel', 'yes'],
    ])
    const html = await (await t.app.request(path)).text()
    expect(listBox(html, 'technical-advisories')).toBeUndefined()
    expect(textOf(html)).toContain('You left “Technical advisories” on 22 November 2026')
    const again = await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'newsletter'],
      ['lists', 'technical-advisories'],
    ])
    expect(again.status).toBe(400)
    expect((await statuses(t, 'ada@example.com'))['technical-advisories']).toBe('unsubscribed')
  })
})

describe('issue 13 item 8: the page names the address it manages, and the name can be changed', () => {
  it('shows the address and saves a new name', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const html = await (await t.app.request(path)).text()
    expect(textOf(html)).toContain('Preferences for ada@example.com')
    const res = await postForm(t, path, [
      ['action', 'profile'],
      ['name', 'Ada Lovelace'],
    ])
    expect(res.status).toBe(200)
    const saved = await res.text()
    expect(saved).toMatch(/<input [^>]*name="name"[^>]*value="Ada Lovelace"/)
    const row = await t.deps.db
      .selectFrom('contacts')
      .select('name')
      .where('id', '=', await contactId(t, 'ada@example.com'))
      .executeTakeFirstOrThrow()
    expect(row.name).toBe('Ada Lovelace')
  })

  it('a name with control characters is refused on the form, nothing changes', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const before = await snapshot(t)
    const res = await postForm(t, path, [
      ['action', 'profile'],
      ['name', 'Ada\u0007'],
    ])
    expect(res.status).toBe(400)
    expect(await res.text()).toMatch(/id="name-error"/)
    expect(await snapshot(t)).toEqual(before)
  })
})

describe('issue 13 beyond: after saving, the page says what changed', () => {
  it('names the lists joined and left', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const res = await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'webinars'],
    ])
    const text = textOf(await res.text())
    expect(text).toContain('Joined: Webinars')
    expect(text).toContain('Left: Newsletter')
  })

  it('a save that changes nothing says so', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const path = await linkFor(t, 'ada@example.com', 'preferences')
    const res = await postForm(t, path, [
      ['action', 'save'],
      ['lists', 'newsletter'],
    ])
    expect(textOf(await res.text())).toContain('Nothing changed')
  })
})
