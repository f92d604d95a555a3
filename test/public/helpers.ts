import type { MailMessage } from '../../src/mail/mailer.js'
import { statusesOf } from '../support/statuses.js'
import type { TestApp } from '../support/test-app.js'

export const JSON_HEADERS = { 'content-type': 'application/json', accept: 'application/json' }

/** POST /subscribe with a JSON body. */
export function subscribeJson(t: TestApp, body: unknown, headers: Record<string, string> = {}) {
  return t.app.request('/subscribe', {
    method: 'POST',
    headers: { ...JSON_HEADERS, ...headers },
    body: JSON.stringify(body),
  })
}

/** POST a urlencoded form (repeated keys allowed). */
export function postForm(
  t: TestApp,
  path: string,
  fields: [string, string][],
  headers: Record<string, string> = {},
) {
  return t.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    body: new URLSearchParams(fields).toString(),
  })
}

/** The first `PUBLIC_URL/<kind>/<token>` link in a mail's text part, as a path. */
export function linkIn(
  mail: MailMessage | undefined,
  kind: 'confirm' | 'preferences' | 'unsubscribe',
): string {
  if (!mail) throw new Error('no mail')
  const match = new RegExp(`http://prefcenter\\.test(/${kind}/[A-Za-z0-9._~%-]+)`).exec(mail.text)
  if (!match) throw new Error(`no ${kind} link in mail`)
  return match[1]!
}

/** The path of the link inside a List-Unsubscribe header value `<url>`. */
export function headerPath(value: string | undefined): string {
  const match = /^<http:\/\/prefcenter\.test(\/unsubscribe\/[^>]+)>$/.exec(value ?? '')
  if (!match) throw new Error(`unexpected List-Unsubscribe: ${value}`)
  return match[1]!
}

/** Every row of the tables a public flow may change, to compare before and after. */
export async function snapshot(t: TestApp) {
  const db = t.deps.db
  return {
    contacts: await db.selectFrom('contacts').selectAll().orderBy('id').execute(),
    subscriptions: await db
      .selectFrom('subscriptions')
      .selectAll()
      .orderBy('contact_id')
      .orderBy('list_id')
      .execute(),
    events: await db.selectFrom('consent_events').selectAll().orderBy('id').execute(),
    outbox: await db.selectFrom('outbox').selectAll().orderBy('id').execute(),
    suppressions: await db.selectFrom('suppressions').selectAll().execute(),
    mails: t.mailer.sent.length,
  }
}

/** A contact's status per list id (see test/support/statuses.ts). */
export const statuses = statusesOf

/** Signs up and confirms `email` for `lists`; returns the confirm path used. */
export async function subscribeAndConfirm(
  t: TestApp,
  email: string,
  lists: string[],
): Promise<string> {
  const before = t.mailer.sent.length
  const res = await subscribeJson(t, { email, lists })
  if (res.status !== 202) throw new Error(`subscribe answered ${res.status}`)
  const mail = t.mailer.sent[before]
  const confirm = linkIn(mail, 'confirm')
  const done = await t.app.request(confirm, { method: 'POST' })
  if (done.status !== 200) throw new Error(`confirm answered ${done.status}`)
  return confirm
}

/** The id of the contact holding `email` (fails the test when there is none). */
export async function contactId(t: TestApp, email: string): Promise<string> {
  const { id } = await t.deps.db
    .selectFrom('contacts')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()
  return id
}

/** Host-application webhooks switched on, towards a port nothing listens on (rows stay queued). */
export const EVENTS_ENV = {
  EVENTS_WEBHOOK_URL: 'http://127.0.0.1:9/hooks',
  EVENTS_WEBHOOK_SECRET: 'events-secret-0123456789',
}
