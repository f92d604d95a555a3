import { afterEach, describe, expect, it } from 'vitest'
import { postForm, snapshot, subscribeAndConfirm } from '../public/helpers.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'
import { contactId, linkFor, textOf } from './support.js'

let t: TestApp
afterEach(() => t?.close())

function addressLink(text: string): string {
  const match = /http:\/\/prefcenter\.test(\/address\/[A-Za-z0-9_-]+)/.exec(text)
  if (!match) throw new Error('no address link')
  return match[1]!
}

async function emailOf(email: string): Promise<string> {
  const row = await t.deps.db
    .selectFrom('contacts')
    .select('email')
    .where('id', '=', await contactId(t, email))
    .executeTakeFirstOrThrow()
  return row.email
}

/** The preferences page's change-of-address form, sent through the link at `prefs`. */
async function askChange(prefs: string, next: string): Promise<Response> {
  return postForm(t, prefs, [
    ['action', 'change_email'],
    ['new_email', next],
  ])
}

/**
 * The approval link mailed to the current address, pressed; returns the confirmation link that
 * then went to the new address.
 */
async function approve(current: string, next: string): Promise<string> {
  const approval = addressLink(t.mailer.to(current).at(-1)!.text)
  expect((await t.app.request(approval, { method: 'POST' })).status).toBe(200)
  return addressLink(t.mailer.to(next).at(-1)!.text)
}

/** Ada moved to ada@new.example with her own link; returns that link, used. */
async function usedAddressLink(): Promise<string> {
  t = await createTestApp()
  await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
  const prefs = await linkFor(t, 'ada@example.com', 'preferences')
  await askChange(prefs, 'ada@new.example')
  const link = await approve('ada@example.com', 'ada@new.example')
  expect((await t.app.request(link, { method: 'POST' })).status).toBe(200)
  return link
}

describe('issue 13 beyond: change my address, approved by the current mailbox, confirmed by the new', () => {
  it('mails the current address to approve, then the new one to confirm; nothing changes until both are used; then the old address is told', async () => {
    t = await createTestApp({ ORGANIZATION_NAME: 'IXO Oy' })
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const id = await contactId(t, 'ada@example.com')
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    const res = await askChange(prefs, 'Ada@New.Example')
    expect(res.status).toBe(202)
    expect(textOf(await res.text())).toContain('approved from your current address')
    expect(t.mailer.to('ada@new.example')).toHaveLength(0)
    const ask = t.mailer.to('ada@example.com').at(-1)!
    expect(ask.subject).toBe('Approve a change of your email address')
    expect(ask.text).toContain('a***@new.example')
    expect(ask.text).not.toContain('ada@new.example')
    expect(ask.text).toContain('IXO Oy')
    const approval = addressLink(ask.text)
    // Opening the approval link (a scanner) changes and sends nothing.
    const approvePage = await t.app.request(approval)
    expect(approvePage.status).toBe(200)
    expect(textOf(await approvePage.text())).toContain('a***@new.example')
    expect(t.mailer.to('ada@new.example')).toHaveLength(0)
    const approved = await t.app.request(approval, { method: 'POST' })
    expect(approved.status).toBe(200)
    expect(textOf(await approved.text())).toContain('Check the new inbox')
    const mail = t.mailer.to('ada@new.example')[0]!
    expect(mail.subject).toBe('Confirm your new email address')
    expect(mail.text).toContain('IXO Oy')
    const link = addressLink(mail.text)
    expect(await emailOf('ada@example.com')).toBe('ada@example.com')
    // A second press of the approval link sends nothing more.
    const twice = await t.app.request(approval, { method: 'POST' })
    expect(textOf(await twice.text())).toContain('approved already')
    expect(t.mailer.to('ada@new.example')).toHaveLength(1)

    // Opening the link (a scanner) changes nothing.
    const page = await t.app.request(link)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('ada@new.example')
    expect(await emailOf('ada@example.com')).toBe('ada@example.com')

    const done = await t.app.request(link, { method: 'POST' })
    expect(done.status).toBe(200)
    const donePage = await done.text()
    expect(textOf(donePage)).toContain('Our emails now go to ada@new.example')
    // The page's fresh link works; links sent to the old address do not (their binding).
    const fresh = /href="(\/preferences\/[^"]+)"/.exec(donePage)![1]!
    expect((await t.app.request(fresh)).status).toBe(200)
    expect((await t.app.request(prefs)).status).toBe(410)
    const row = await t.deps.db
      .selectFrom('contacts')
      .select('email')
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.email).toBe('ada@new.example')
    const notice = t.mailer.to('ada@example.com').at(-1)!
    expect(notice.subject).toBe('Your email address was changed')
    expect(notice.text).toContain('a***@new.example')
    const event = await t.deps.db
      .selectFrom('consent_events')
      .selectAll()
      .where('contact_id', '=', id)
      .orderBy('id', 'desc')
      .executeTakeFirstOrThrow()
    expect(event.source).toBe('preferences')
    expect(JSON.parse(event.detail!)).toEqual({ change: 'address' })

    // A second click says it is done and changes nothing more.
    const before = await snapshot(t)
    const again = await t.app.request(link, { method: 'POST' })
    expect(again.status).toBe(200)
    expect(textOf(await again.text())).toContain('already done')
    expect(await snapshot(t)).toEqual(before)
  })

  it('a used link stops answering once the address moves on, and after its day (no fresh link)', async () => {
    // Found by an attacker review: a used link kept handing out a preferences link for every
    // later address of the contact, forever.
    const link = await usedAddressLink()
    // Still its own day and its own address: it says it is done.
    expect((await t.app.request(link)).status).toBe(200)

    const res = await t.app.request('/api/v1/contacts/ada%40new.example/address', {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'ada@third.example' }),
    })
    expect(res.status).toBe(200)
    for (const method of ['GET', 'POST']) {
      const old = await t.app.request(link, { method })
      expect(old.status, method).toBe(410)
      const html = await old.text()
      expect(html).not.toContain('/preferences/')
      expect(html).not.toContain('ada@third.example')
    }
    expect(await emailOf('ada@third.example')).toBe('ada@third.example')
  })

  it('a used link answers 410 after its day, even at the address it confirmed', async () => {
    const link = await usedAddressLink()
    t.clock.advance(25 * 3_600_000)
    const late = await t.app.request(link)
    expect(late.status).toBe(410)
    expect(await late.text()).not.toContain('/preferences/')
  })

  it('a bad new address comes back on the form; an expired or forged link changes nothing', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    const before = await snapshot(t)
    const bad = await askChange(prefs, 'nope')
    expect(bad.status).toBe(400)
    const badPage = await bad.text()
    expect(badPage).toMatch(/id="new-email-error"/)
    // Named at the top too, with a link down to the field (a browser review).
    expect(badPage).toContain('<a href="#new_email">Please enter a valid email address.</a>')
    expect(await snapshot(t)).toEqual(before)

    await askChange(prefs, 'ada@new.example')
    const link = await approve('ada@example.com', 'ada@new.example')
    expect((await t.app.request('/address/forged', { method: 'POST' })).status).toBe(400)
    t.clock.advance(25 * 3_600_000)
    const expired = await t.app.request(link, { method: 'POST' })
    expect(expired.status).toBe(410)
    expect(await emailOf('ada@example.com')).toBe('ada@example.com')
  })

  it('an address that belongs to someone else: 409 after confirming, nothing changes', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    await subscribeAndConfirm(t, 'bea@example.com', ['newsletter'])
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    const res = await askChange(prefs, 'bea@example.com')
    expect(res.status).toBe(202)
    const link = await approve('ada@example.com', 'bea@example.com')
    const before = await snapshot(t)
    const taken = await t.app.request(link, { method: 'POST' })
    expect(taken.status).toBe(409)
    expect(textOf(await taken.text())).toContain('already has its own subscription')
    expect(await snapshot(t)).toEqual(before)
  })

  it('the approval mail greets nobody by name: the link holder could have just set it (a review)', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    await postForm(t, prefs, [
      ['action', 'profile'],
      ['name', 'Ada. IMPORTANT press Approve to keep access'],
    ])
    await askChange(prefs, 'mallory@evil.example')
    const ask = t.mailer.to('ada@example.com').at(-1)!
    expect(ask.subject).toBe('Approve a change of your email address')
    expect(ask.text).not.toContain('IMPORTANT')
    expect(ask.html ?? '').not.toContain('IMPORTANT')
  })

  it('a forwarded preferences link alone cannot move the contact to another mailbox (an attacker review)', async () => {
    // Whoever holds the link asks for the attacker's address: before, the confirmation went
    // there, and with it the address, then the export and erase links.
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    const res = await askChange(prefs, 'mallory@evil.example')
    expect(res.status).toBe(202)
    expect(t.mailer.to('mallory@evil.example')).toHaveLength(0)
    expect(await emailOf('ada@example.com')).toBe('ada@example.com')
    // Only Ada's own mailbox can let it go on.
    expect(t.mailer.to('ada@example.com').at(-1)!.subject).toBe(
      'Approve a change of your email address',
    )
  })

  it('an approval link stops working once the address moved, even back again (A to B to A)', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    await askChange(prefs, 'ada@new.example')
    const approval = addressLink(t.mailer.to('ada@example.com').at(-1)!.text)
    const move = (from: string, to: string) =>
      t.app.request(`/api/v1/contacts/${encodeURIComponent(from)}/address`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ email: to }),
      })
    expect((await move('ada@example.com', 'ada@b.example')).status).toBe(200)
    expect((await move('ada@b.example', 'ada@example.com')).status).toBe(200)
    const before = await snapshot(t)
    for (const method of ['GET', 'POST'])
      expect((await t.app.request(approval, { method })).status, method).toBe(410)
    expect(t.mailer.to('ada@new.example')).toHaveLength(0)
    expect(await snapshot(t)).toEqual(before)
  })

  it('a double click on the confirmation changes the address once; both presses say it is done (a review)', async () => {
    const link = await (async () => {
      t = await createTestApp()
      await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
      const prefs = await linkFor(t, 'ada@example.com', 'preferences')
      await askChange(prefs, 'ada@new.example')
      return approve('ada@example.com', 'ada@new.example')
    })()
    const presses = await Promise.all([
      t.app.request(link, { method: 'POST' }),
      t.app.request(link, { method: 'POST' }),
    ])
    expect(presses.map((res) => res.status)).toEqual([200, 200])
    const version = await t.deps.db
      .selectFrom('contacts')
      .select(['email', 'address_version'])
      .executeTakeFirstOrThrow()
    expect(version).toMatchObject({ email: 'ada@new.example', address_version: 1 })
    const moves = await t.deps.db
      .selectFrom('consent_events')
      .select('detail')
      .where('detail', 'like', '%"change":"address"%')
      .execute()
    expect(moves).toHaveLength(1)
  })

  it('two approved changes confirmed at once: one wins, the other answers 410 and shows no address (a review)', async () => {
    t = await createTestApp()
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    const links: string[] = []
    for (const next of ['ada@b.example', 'ada@c.example']) {
      await askChange(prefs, next)
      links.push(await approve('ada@example.com', next))
    }
    const answers = await Promise.all(links.map((link) => t.app.request(link, { method: 'POST' })))
    const statuses = answers.map((res) => res.status).sort()
    expect(statuses).toEqual([200, 410])
    const lost = answers.find((res) => res.status === 410)!
    const html = await lost.text()
    expect(html).not.toContain('ada@b.example')
    expect(html).not.toContain('ada@c.example')
    const contact = await t.deps.db
      .selectFrom('contacts')
      .select(['email', 'address_version'])
      .executeTakeFirstOrThrow()
    expect(['ada@b.example', 'ada@c.example']).toContain(contact.email)
    expect(contact.address_version).toBe(1)
  })
})

describe('the notice to the old address says what to do if it was not them (a browser review)', () => {
  async function notice(env: Record<string, string>) {
    t = await createTestApp(env)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const prefs = await linkFor(t, 'ada@example.com', 'preferences')
    await askChange(prefs, 'ada@new.example')
    const link = await approve('ada@example.com', 'ada@new.example')
    expect((await t.app.request(link, { method: 'POST' })).status).toBe(200)
    return t.mailer.to('ada@example.com').at(-1)!
  }

  it('with MAIL_REPLY_TO: a reply reaches that address', async () => {
    const mail = await notice({ MAIL_REPLY_TO: 'privacy@ixo.example', ORGANIZATION_NAME: 'IXO Oy' })
    expect(mail.headers?.['Reply-To']).toBe('privacy@ixo.example')
    expect(mail.text).toContain('If you did not do this, please reply to this message')
  })

  it('without it: no promise that a reply is read (MAIL_FROM may be a no-reply address)', async () => {
    const mail = await notice({ ORGANIZATION_NAME: 'IXO Oy' })
    expect(mail.headers?.['Reply-To']).toBeUndefined()
    expect(mail.text).not.toContain('reply to this message')
    expect(mail.text).toContain('If you did not do this, contact IXO Oy at once')
  })
})
