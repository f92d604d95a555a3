import { z } from 'zod'
import { lookupEmailSchema } from '../domain/subscription/email.js'

/**
 * Mailchimp's audience webhooks arrive form-encoded with bracketed keys (`data[merges][FNAME]`).
 * This turns them into nested objects and validates them into one typed event.
 */

export type WebhookEvent =
  | {
      type: 'subscribe'
      firedAt: number
      /** The audience the event comes from (`data[list_id]`); absent in hand-made payloads. */
      listId: string | undefined
      email: string
      interests: string[] | undefined
      groupings: Grouping[]
      prefsUrl: string | undefined
      /** Where the person confirmed Mailchimp's opt-in (`data[ip_opt]`, else `ip_signup`). */
      optInIp: string | undefined
    }
  | {
      type: 'unsubscribe'
      firedAt: number
      email: string
      action: string
      reason: string | undefined
      campaignId: string | undefined
    }
  | {
      type: 'cleaned'
      firedAt: number
      email: string
      reason: string | undefined
      campaignId: string | undefined
    }
  | {
      type: 'profile'
      firedAt: number
      listId: string | undefined
      email: string
      interests: string[] | undefined
      groupings: Grouping[]
      prefsUrl: string | undefined
    }
  | {
      type: 'upemail'
      firedAt: number
      listId: string | undefined
      oldEmail: string
      newEmail: string
    }
  | { type: 'campaign'; firedAt: number }

/** One interest category of the member as Mailchimp's webhook shows it. */
export interface Grouping {
  /** The category id of API v3 (`unique_id`): the one Prefcenter provisioned and stores. */
  uniqueId: string | undefined
  /** The legacy numeric grouping id (API v2); kept because older payloads carry only this. */
  id: string | undefined
  name: string | undefined
  /** The ticked group names, commas inside a name unescaped. */
  groups: string[]
}

/**
 * Mailchimp's deepest field is `data[merges][GROUPINGS][0][groups]`: five names. Deeper keys
 * mean nothing here, and walking them (to build the tree, to compare replays) costs a stack
 * frame a level.
 */
const MAX_FIELD_DEPTH = 8

/**
 * `data[merges][FNAME]=x` -> `{ data: { merges: { FNAME: 'x' } } }`; malformed keys, and keys
 * nested deeper than any payload of Mailchimp's, are dropped.
 */
export function nestFormFields(entries: Iterable<[string, string]>): Record<string, unknown> {
  const root: Record<string, unknown> = Object.create(null)
  for (const [key, value] of entries) {
    const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key)
    if (!match) continue
    const path = [match[1]!, ...[...match[2]!.matchAll(/\[([^[\]]*)\]/g)].map((part) => part[1]!)]
    if (path.length > MAX_FIELD_DEPTH) continue
    let node = root
    for (const [index, segment] of path.entries()) {
      if (segment === '__proto__' || segment === 'constructor' || segment === 'prototype') break
      if (index === path.length - 1) {
        node[segment] = value
      } else {
        const next = node[segment]
        if (typeof next !== 'object' || next === null) node[segment] = Object.create(null)
        node = node[segment] as Record<string, unknown>
      }
    }
  }
  return root
}

/** "YYYY-MM-DD HH:MM:SS" in UTC, as Mailchimp sends it; absent means "now" (hand-made payloads). */
const firedAtText = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}$/, 'fired_at must be YYYY-MM-DD HH:MM:SS')
  .transform((text, ctx) => {
    const ms = Date.parse(`${text.replace(' ', 'T')}Z`)
    if (Number.isNaN(ms)) {
      ctx.addIssue({ code: 'custom', message: 'fired_at is not a valid time' })
      return z.NEVER
    }
    return ms
  })
const firedAt = firedAtText.optional()

const text = z.string().max(1000)
const groupingSchema = z.object({
  id: text.optional(),
  unique_id: text.optional(),
  name: text.optional(),
  groups: text.optional(),
})
const mergesSchema = z
  .object({
    INTERESTS: text.optional(),
    PREFSURL: text.optional(),
    GROUPINGS: z.record(z.string(), groupingSchema).optional(),
  })
  .loose()
  .optional()

const memberData = z
  .object({
    email: lookupEmailSchema,
    merges: mergesSchema,
    campaign_id: text.optional(),
    list_id: text.optional(),
    ip_opt: text.optional(),
    ip_signup: text.optional(),
  })
  .loose()

/** An IP address as Mailchimp writes one, or undefined (anything else is not kept). */
const ipOf = (value: string | undefined) =>
  value && /^[0-9A-Fa-f:.]{2,45}$/.test(value) ? value : undefined

const schema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('subscribe'), fired_at: firedAt, data: memberData }),
  z.object({ type: z.literal('profile'), fired_at: firedAt, data: memberData }),
  z.object({
    type: z.literal('unsubscribe'),
    fired_at: firedAt,
    data: memberData.extend({
      action: z.enum(['unsub', 'delete']).default('unsub'),
      reason: text.optional(),
    }),
  }),
  z.object({
    type: z.literal('cleaned'),
    fired_at: firedAt,
    data: memberData.extend({ reason: text.optional() }),
  }),
  z.object({
    type: z.literal('upemail'),
    fired_at: firedAt,
    data: z
      .object({
        old_email: lookupEmailSchema,
        new_email: lookupEmailSchema,
        list_id: text.optional(),
      })
      .loose(),
  }),
  z.object({ type: z.literal('campaign'), fired_at: firedAt, data: z.unknown().optional() }),
])

/**
 * Mailchimp joins ticked group names with ", " and escapes a comma inside a name as `\,`
 * ("Offers\, deals, News" is the two groups "Offers, deals" and "News"). Empty entries
 * (a trailing comma, an empty field) name nothing.
 *
 * @example splitGroupNames('Offers\\, deals, News') // ['Offers, deals', 'News']
 */
export function splitGroupNames(value: string): string[] {
  return value
    .split(/(?<!\\),/)
    .map((name) => name.replace(/\\,/g, ',').trim())
    .filter(Boolean)
}

/**
 * Validates nested webhook fields into a WebhookEvent; throws a ZodError (a 400) otherwise.
 *
 * @example parseWebhook(nestFormFields(new URLSearchParams(body)))
 */
export function parseWebhook(fields: Record<string, unknown>, nowMs: number): WebhookEvent {
  const parsed = { ...schema.parse(fields) }
  parsed.fired_at ??= nowMs
  switch (parsed.type) {
    case 'subscribe':
    case 'profile': {
      const merges = parsed.data.merges
      const groupings = Object.values(merges?.GROUPINGS ?? {}).map((grouping) => ({
        uniqueId: grouping.unique_id,
        id: grouping.id,
        name: grouping.name,
        groups: splitGroupNames(grouping.groups ?? ''),
      }))
      const interests =
        merges?.INTERESTS === undefined ? undefined : splitGroupNames(merges.INTERESTS)
      const prefsUrl = merges?.PREFSURL || undefined
      return {
        type: parsed.type,
        firedAt: parsed.fired_at,
        listId: parsed.data.list_id,
        email: parsed.data.email,
        interests,
        groupings,
        prefsUrl,
        optInIp: ipOf(parsed.data.ip_opt) ?? ipOf(parsed.data.ip_signup),
      }
    }
    case 'unsubscribe':
      return {
        type: 'unsubscribe',
        firedAt: parsed.fired_at,
        email: parsed.data.email,
        action: parsed.data.action,
        reason: parsed.data.reason,
        campaignId: parsed.data.campaign_id,
      }
    case 'cleaned':
      return {
        type: 'cleaned',
        firedAt: parsed.fired_at,
        email: parsed.data.email,
        reason: parsed.data.reason,
        campaignId: parsed.data.campaign_id,
      }
    case 'upemail':
      return {
        type: 'upemail',
        firedAt: parsed.fired_at,
        listId: parsed.data.list_id,
        oldEmail: parsed.data.old_email,
        newEmail: parsed.data.new_email,
      }
    case 'campaign':
      return { type: 'campaign', firedAt: parsed.fired_at }
  }
}
