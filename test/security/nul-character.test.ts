import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toAppError } from '../../src/app.js'
import { api, enc, evidence, seedContact } from '../admin/helpers.js'
import { linkFor } from '../pages/support.js'
import {
  createScratchDatabase,
  postgresAvailable,
  type ScratchDatabase,
} from '../postgres/pg-support.js'
import { postForm, snapshot } from '../public/helpers.js'
import { ADMIN_TOKEN, createTestApp, type TestApp } from '../support/test-app.js'

// A parity review: PostgreSQL cannot store U+0000 in text and answered 500 where SQLite and D1
// stored it or answered 400. Every way in now refuses it with a 400 and changes nothing, the
// same on each engine.

const SECRET = 'hook-secret-0123456789'
const pg = await postgresAvailable()
const engines = [['SQLite', false] as const, ...(pg ? [['PostgreSQL', true] as const] : [])]

describe.each(engines)('U+0000 in what a client sends, on %s', (_engine, onPostgres) => {
  let scratch: ScratchDatabase | undefined
  let t: TestApp

  beforeAll(async () => {
    scratch = onPostgres ? await createScratchDatabase() : undefined
    t = await createTestApp({
      MAILCHIMP_WEBHOOK_SECRET: SECRET,
      ...(scratch ? { DATABASE_URL: scratch.url } : {}),
    })
    await seedContact(t, 'nul@example.com', { newsletter: 'subscribed' })
  })
  afterAll(async () => {
    await t?.close()
    await scratch?.drop()
  })

  it('in an admin JSON body, a query parameter, a path, a form and a webhook: 400, nothing changed', async () => {
    const before = await snapshot(t)
    const body = await api(t, 'PUT', `/contacts/${enc('nul@example.com')}`, {
      subscriptions: { webinars: 'subscribed' },
      consent: { ...evidence, text: 'I agree\u0000' },
    })
    expect(body.status).toBe(400)
    const query = await api(t, 'GET', '/events?list=news%00letter')
    expect(query.status).toBe(400)
    const path = await api(t, 'GET', `/contacts/${enc('nul\u0000@example.com')}`)
    expect(path.status).toBe(400)
    const prefs = await linkFor(t, 'nul@example.com', 'preferences')
    const pause = await postForm(t, `${prefs}/pause`, [
      ['list', 'news\u0000letter'],
      ['months', '1'],
    ])
    expect(pause.status).toBe(400)
    const form = await postForm(t, '/subscribe', [
      ['email', 'other@example.com'],
      ['lists', 'newsletter'],
      ['name', 'A\u0000'],
    ])
    expect(form.status).toBe(400)
    const hook = await postForm(t, `/webhooks/mailchimp/${SECRET}`, [
      ['type', 'profile'],
      ['fired_at', new Date(t.clock.now).toISOString().replace('T', ' ').slice(0, 19)],
      ['data[email]', 'nul@example.com'],
      ['data[merges][FNAME]', 'A\u0000'],
    ])
    expect(hook.status).toBe(400)
    expect(((await hook.json()) as { error: { message: string } }).error.message).toMatch(/U\+0000/)
    expect(await snapshot(t)).toEqual(before)
  })

  it('half of a surrogate pair is refused the same way; a whole pair (an emoji) is kept', async () => {
    const before = await snapshot(t)
    const lone = await t.app.request(`/api/v1/contacts/${enc('nul@example.com')}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: '{"name":"a\\ud800b"}',
    })
    expect(lone.status).toBe(400)
    expect(await snapshot(t)).toEqual(before)
    const whole = await api(t, 'PUT', `/contacts/${enc('nul@example.com')}`, { name: 'Ada 🎉' })
    expect(whole.status).toBe(200)
    expect(((await whole.json()) as { name: string }).name).toBe('Ada 🎉')
  })
})

describe('the safety net behind those checks', () => {
  it("PostgreSQL's refusal to store a character is the client's 400, not a 500", () => {
    const refused = Object.assign(new Error('invalid byte sequence for encoding "UTF8": 0x00'), {
      code: '22021',
    })
    expect(toAppError(refused).status).toBe(400)
    expect(toAppError(new Error('wrapped', { cause: refused })).status).toBe(400)
    expect(toAppError(Object.assign(new Error('x'), { code: '23502' })).status).toBe(500)
  })
})
