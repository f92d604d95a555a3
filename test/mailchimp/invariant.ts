import fc from 'fast-check'
import { expect } from 'vitest'
import { drainMailchimp } from '../../src/mailchimp/sync-drain.js'
import { findContactByEmail } from '../../src/repos/contacts.js'
import type { FakeMailchimpServer } from '../support/fake-mailchimp.js'
import { ADMIN_TOKEN, type TestApp } from '../support/test-app.js'
import { makeContact, outboxRows, setLists } from './helpers.js'

/**
 * The sync invariant of issue 10, as a property: random interleavings of sign-ups,
 * confirmations, unsubscribes, address changes, erasures, restrictions and Mailchimp webhook
 * events (sent as real form bodies by the fake), with random Mailchimp refusals and outages,
 * always end — once Mailchimp answers again and the queue is drained — with Mailchimp's member
 * state equal to Prefcenter's for every contact, no opt-out stuck at an old or erased address,
 * and no ledger consent event without a consenting source.
 */

const LISTS = ['newsletter', 'webinars', 'technical-advisories'] as const
type ListId = (typeof LISTS)[number]
const PEOPLE = 3

export type Step =
  | { kind: 'signUp'; who: number; lists: ListId[] }
  | { kind: 'leaveAll'; who: number }
  | { kind: 'leaveOne'; who: number; list: ListId }
  | { kind: 'changeAddress'; who: number; onto: 'fresh' | 'stray' }
  | { kind: 'erase'; who: number }
  | { kind: 'restrict'; who: number; on: boolean }
  | { kind: 'mcUnsubscribe'; who: number }
  | { kind: 'mcBounce'; who: number }
  | { kind: 'mcProfile'; who: number; lists: ListId[] }
  | { kind: 'mcSignUp'; who: number }
  | { kind: 'mcConfirm'; who: number }
  | { kind: 'mcChangeAddress'; who: number }
  | { kind: 'outage'; on: boolean }
  | { kind: 'refuseNext'; status: 429 | 503 }
  | { kind: 'throttle'; who: number }
  | { kind: 'drain' }

const who = fc.integer({ min: 0, max: PEOPLE - 1 })
const lists = fc.subarray([...LISTS], { minLength: 1 })

export const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('signUp' as const), who, lists }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('leaveAll' as const), who }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('leaveOne' as const),
      who,
      list: fc.constantFrom(...LISTS),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('changeAddress' as const),
      who,
      onto: fc.constantFrom('fresh' as const, 'stray' as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('erase' as const), who }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('restrict' as const), who, on: fc.boolean() }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mcUnsubscribe' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mcBounce' as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mcProfile' as const), who, lists }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mcSignUp' as const), who }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mcConfirm' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('mcChangeAddress' as const), who }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outage' as const), on: fc.boolean() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('refuseNext' as const),
      status: fc.constantFrom(429 as const, 503 as const),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('throttle' as const), who }) },
  { weight: 3, arbitrary: fc.constant({ kind: 'drain' as const }) },
)

/** What the test knows of each person: every address they had, and whether they were erased. */
interface Person {
  addresses: string[]
  erased: boolean
}

/**
 * Runs one interleaving on a fresh app and fake, then checks the invariant.
 *
 * @example await runScenario(() => startApp(), steps)
 */
export async function runScenario(
  start: () => Promise<{ t: TestApp; mc: FakeMailchimpServer; close(): Promise<void> }>,
  steps: Step[],
): Promise<void> {
  const { t, mc, close } = await start()
  try {
    const people: Person[] = Array.from({ length: PEOPLE }, (_, i) => ({
      addresses: [`p${i}@example.com`],
      erased: false,
    }))
    let fresh = 0
    const erasedAddresses = new Set<string>()
    const now = () => new Date(t.deps.now())
    const hook = async (body: string) => {
      const res = await t.app.request('/webhooks/mailchimp/hook-secret-0123456789', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })
      expect(res.status).toBe(200)
    }
    const api = (method: string, path: string, body?: unknown) =>
      t.app.request(`/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
    const current = (i: number) => people[i]!.addresses.at(-1)!
    const contactOf = async (i: number) =>
      people[i]!.erased ? undefined : findContactByEmail(t.deps.db, current(i))
    const mailchimpConsents = async () =>
      (
        await t.deps.db
          .selectFrom('consent_events')
          .select('id')
          .where('source', '=', 'mailchimp')
          .where('to_status', '=', 'subscribed')
          .execute()
      ).length
    const subscribedHere = async (contactId: string) =>
      (
        await t.deps.db
          .selectFrom('subscriptions')
          .select('list_id')
          .where('contact_id', '=', contactId)
          .where('status', '=', 'subscribed')
          .execute()
      ).length > 0

    for (const step of steps) {
      t.clock.advance(1_000)
      const i = 'who' in step ? step.who : 0
      const person = people[i]!
      if ('who' in step && person.erased) continue
      const email = current(i)
      const contact = await contactOf(i)
      const member = mc.member(email)
      switch (step.kind) {
        case 'signUp': {
          const row = contact ?? (await makeContact(t, email))
          await setLists(t, row, Object.fromEntries(step.lists.map((l) => [l, 'subscribed'])))
          break
        }
        case 'leaveAll':
          if (contact)
            await setLists(
              t,
              contact,
              Object.fromEntries(LISTS.map((l) => [l, 'unsubscribed'])),
              'one_click',
            )
          break
        case 'leaveOne':
          if (contact) await setLists(t, contact, { [step.list]: 'unsubscribed' }, 'preferences')
          break
        case 'changeAddress': {
          // Not modelled: rectifying the address of a contact whose address bounced (cleaned).
          if (!contact || contact.status === 'cleaned') break
          const next = `moved${fresh++}@example.com`
          if (step.onto === 'stray') mc.seedMember({ email_address: next }, true)
          const res = await api('POST', `/contacts/${encodeURIComponent(email)}/address`, {
            email: next,
          })
          expect(res.status).toBe(200)
          person.addresses.push(next)
          break
        }
        case 'erase':
          if (!contact) break
          expect((await api('DELETE', `/contacts/${encodeURIComponent(email)}`)).status).toBe(200)
          person.erased = true
          erasedAddresses.add(email)
          break
        case 'restrict':
          if (contact)
            expect(
              (
                await api('PUT', `/contacts/${encodeURIComponent(email)}/restriction`, {
                  restricted: step.on,
                })
              ).status,
            ).toBe(200)
          break
        case 'mcUnsubscribe':
          if (member?.status === 'subscribed')
            await hook(mc.person.unsubscribes(email, 'unsub', now()))
          break
        case 'mcBounce':
          if (member?.status === 'subscribed') await hook(mc.person.bounces(email, 'hard', now()))
          break
        case 'mcProfile': {
          if (!member || mc.audience.categories.length === 0) break
          const names = step.lists.map(
            (l) =>
              ({
                newsletter: 'Newsletter',
                webinars: 'Webinars',
                'technical-advisories': 'Technical advisories',
              })[l],
          )
          // A member who left every list here must never be re-subscribed by a profile event.
          const leftEverything = !contact || !(await subscribedHere(contact.id))
          const before = await mailchimpConsents()
          await hook(mc.person.updatesProfile(email, names, now()))
          if (leftEverything) expect(await mailchimpConsents()).toBe(before)
          break
        }
        case 'mcSignUp':
          if (member?.status !== 'subscribed' && member?.status !== 'pending')
            await hook(mc.person.signsUp(email, [], now()))
          break
        case 'mcConfirm':
          if (member?.status === 'pending') await hook(mc.person.confirms(email, now()))
          break
        case 'mcChangeAddress': {
          // Mailchimp's own address change of a member that is in step with Prefcenter.
          if (mc.down) break
          await drainUntilIdle(t, mc)
          if (!contact || mc.member(email)?.status !== 'subscribed') break
          const next = `mc${fresh++}@example.com`
          await hook(mc.person.changesAddress(email, next, now()))
          person.addresses.push(next)
          break
        }
        case 'outage':
          mc.down = step.on
          break
        case 'refuseNext':
          mc.failNext(1, step.status)
          break
        case 'throttle':
          mc.throttleSignups(email, 1)
          break
        case 'drain':
          await drainMailchimp(t.deps)
          break
      }
    }

    mc.down = false
    await drainUntilIdle(t, mc)
    expect(
      (await outboxRows(t))
        .filter((row) => row.failed_at !== null)
        .map((row) => `${row.payload} ${row.last_error}`),
    ).toEqual([])

    const interestOf = new Map(
      (mc.audience.categories[0]?.interests ?? []).map((interest) => [interest.name, interest.id]),
    )
    const listNames = new Map(
      (await t.deps.db.selectFrom('lists').select(['id', 'name']).execute()).map((l) => [
        l.id,
        l.name,
      ]),
    )
    const currentAddresses = new Set<string>()
    for (const [i, person] of people.entries()) {
      if (person.erased) continue
      const contact = await contactOf(i)
      if (!contact) continue
      currentAddresses.add(contact.email)
      const subs = await t.deps.db
        .selectFrom('subscriptions')
        .select(['list_id', 'status'])
        .where('contact_id', '=', contact.id)
        .execute()
      const on = new Set(subs.filter((s) => s.status === 'subscribed').map((s) => s.list_id))
      const member = mc.member(contact.email)
      const mailable = contact.status === 'active' && contact.restricted === 0 && on.size > 0
      const label = `${contact.email} (${contact.status}, restricted ${contact.restricted}, lists ${[...on]})`
      if (!mailable) {
        expect(['subscribed', 'pending'], label).not.toContain(member?.status)
        continue
      }
      expect(member, label).toBeDefined()
      const awaiting = await t.deps.db
        .selectFrom('mailchimp_member_states')
        .select('contact_id')
        .where('contact_id', '=', contact.id)
        .executeTakeFirst()
      if (member!.status === 'pending') expect(awaiting, label).toBeDefined()
      else expect(member!.status, label).toBe('subscribed')
      for (const list of LISTS) {
        const id = interestOf.get(listNames.get(list)!)
        if (id) expect(Boolean(member!.interests[id]), `${label} ${list}`).toBe(on.has(list))
      }
    }
    // No opt-out stuck: an address no contact holds any more is mailed by nobody.
    for (const person of people)
      for (const address of person.addresses)
        if (!currentAddresses.has(address))
          expect(['subscribed', 'pending'], address).not.toContain(mc.member(address)?.status)
    for (const address of erasedAddresses) expect(mc.member(address), address).toBeUndefined()

    // No consent without a consenting source.
    const consents = await t.deps.db
      .selectFrom('consent_events')
      .select(['source', 'detail'])
      .where('to_status', '=', 'subscribed')
      .where('list_id', 'is not', null)
      .execute()
    for (const event of consents) {
      expect(['confirm', 'preferences', 'admin', 'import', 'mailchimp']).toContain(event.source)
      if (event.source === 'mailchimp')
        expect(['subscribe', 'profile', 'upemail']).toContain(
          (JSON.parse(event.detail ?? '{}') as { webhook?: string }).webhook,
        )
    }
  } finally {
    await close()
  }
}

/** Drains, moving the clock past any backoff, until nothing waits (bounded). */
async function drainUntilIdle(t: TestApp, mc: FakeMailchimpServer): Promise<void> {
  for (let round = 0; round < 40; round++) {
    await drainMailchimp(t.deps)
    const waiting = (await outboxRows(t)).filter((r) => r.done_at === null && r.failed_at === null)
    if (waiting.length === 0) return
    t.clock.advance(60 * 60_000)
  }
  throw new Error(`the queue never drained (Mailchimp down: ${mc.down})`)
}
