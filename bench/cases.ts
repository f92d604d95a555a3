import type { RequestSpec } from './load.js'
import type { Seeded, SeededContact } from './seed.js'

/** One row of the bench table: a path of the service under load. */
export interface Case {
  name: string
  /** Whether every request must change a different contact (so it runs out of contacts). */
  changes?: SeededContact[]
  request: (i: number) => RequestSpec
}

const form = { 'content-type': 'application/x-www-form-urlencoded' }

/** `i`-th contact of a group; past the end it wraps (the bench reports how many did). */
const nth = (group: SeededContact[], i: number) => group[i % group.length]!

function firedAt(): string {
  return new Date().toISOString().slice(0, 19).replace('T', ' ')
}

/**
 * The paths issue 12 names, each a request the way a browser, a mail client or Mailchimp sends
 * it. Changing cases take one seeded contact per request, so every request is a real change.
 */
export function benchCases(
  seeded: Seeded,
  options: { adminToken: string; webhookSecret: string; run: string },
): Case[] {
  return [
    { name: 'GET / (sign-up form)', request: () => ({ path: '/' }) },
    {
      name: 'POST /subscribe (JSON, new address)',
      request: (i) => ({
        method: 'POST',
        path: '/subscribe',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          email: `new-${options.run}-${i}@bench.example.com`,
          lists: ['newsletter'],
        }),
      }),
    },
    {
      name: 'POST /confirm/:token',
      changes: seeded.confirmers,
      request: (i) => ({ method: 'POST', path: nth(seeded.confirmers, i).path, headers: form }),
    },
    {
      name: 'GET /preferences/:token',
      request: (i) => ({ path: nth(seeded.readers, i).path }),
    },
    {
      name: 'POST /preferences/:token (save)',
      changes: seeded.savers,
      request: (i) => ({
        method: 'POST',
        path: nth(seeded.savers, i).path,
        headers: form,
        body: 'action=save&lists=newsletter',
      }),
    },
    {
      name: 'POST /unsubscribe/:token (one-click)',
      changes: seeded.clickers,
      request: (i) => ({
        method: 'POST',
        path: nth(seeded.clickers, i).path,
        headers: form,
        body: 'List-Unsubscribe=One-Click',
      }),
    },
    {
      name: 'GET /api/v1/contacts/:email (admin)',
      request: (i) => ({
        path: `/api/v1/contacts/${encodeURIComponent(nth(seeded.readers, i).email)}`,
        headers: { authorization: `Bearer ${options.adminToken}` },
      }),
    },
    {
      name: 'POST /webhooks/mailchimp (unsubscribe)',
      changes: seeded.hooked,
      request: (i) => ({
        method: 'POST',
        path: `/webhooks/mailchimp/${options.webhookSecret}`,
        headers: form,
        body: new URLSearchParams({
          type: 'unsubscribe',
          fired_at: firedAt(),
          'data[email]': nth(seeded.hooked, i).email,
          'data[action]': 'unsub',
          'data[list_id]': 'bench-audience',
        }).toString(),
      }),
    },
  ]
}
