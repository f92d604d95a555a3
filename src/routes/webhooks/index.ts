import { Hono } from 'hono'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import type { AppEnv } from '../../http/env.js'
import { handleWebhook } from '../../mailchimp/webhook.js'
import { nestFormFields, parseWebhook } from '../../mailchimp/webhook-payload.js'
import { addReceipt, hasReceipt } from '../../repos/webhook-receipts.js'
import { secretsEqual } from '../../tokens/tokens.js'

/** Inbound webhooks, mounted at /webhooks. */
export const webhookRoutes = new Hono<AppEnv>()

/** The secret path segment must match MAILCHIMP_WEBHOOK_SECRET (constant time); else 404. */
async function checkSecret(deps: Deps, given: string): Promise<void> {
  const expected = deps.config.mailchimpWebhookSecret
  if (!expected || !(await secretsEqual(given, expected)))
    throw new AppError('not_found', 'Not found')
}

// Mailchimp's validator GETs the URL when the webhook is saved.
webhookRoutes.get('/mailchimp/:secret', async (c) => {
  await checkSecret(c.get('deps'), c.req.param('secret'))
  return c.json({ status: 'ok' })
})

/**
 * Mailchimp audience webhook: form-encoded `type`, `fired_at`, `data[...]`. Answers quickly
 * (only local database work). A payload seen before (same body, by keyed hash) is a replay and
 * changes nothing; malformed payloads and unknown types are 400 with nothing changed.
 */
webhookRoutes.post('/mailchimp/:secret', async (c) => {
  const deps = c.get('deps')
  await checkSecret(deps, c.req.param('secret'))
  const type = c.req.header('content-type') ?? ''
  let entries: Array<[string, string]>
  let raw: string
  if (type === '' || /^application\/x-www-form-urlencoded/i.test(type)) {
    raw = await c.req.text()
    entries = [...new URLSearchParams(raw)]
  } else if (/^multipart\/form-data/i.test(type)) {
    const form = await c.req.formData()
    entries = [...form.entries()].filter(
      (entry): entry is [string, string] => typeof entry[1] === 'string',
    )
    raw = new URLSearchParams(entries).toString()
  } else {
    throw new AppError(
      'invalid_body',
      'Expected a form-encoded (application/x-www-form-urlencoded) Mailchimp payload',
    )
  }
  const fields = nestFormFields(entries)
  const event = parseWebhook(fields, deps.now())
  // `data[list_id]` is not checked against MAILCHIMP_AUDIENCE_ID: the secret URL is what is
  // registered on the audience, and a person's opt-out is honoured whichever audience says so.
  const receipt = await receiptId(deps, raw)
  if (await hasReceipt(deps.db, receipt)) return c.json({ status: 'replay', changes: 0 })
  const outcome = await handleWebhook(deps, event)
  await addReceipt(deps.db, {
    id: receipt,
    type: event.type,
    firedAt: event.firedAt,
    nowMs: deps.now(),
  })
  return c.json(outcome)
})

/**
 * The receipt id of a payload: HMAC-SHA256 under the signing key, so that the stored id says
 * nothing about the address inside even to someone holding the database.
 */
async function receiptId(deps: Deps, text: string): Promise<string> {
  const encoder = new TextEncoder()
  const secret = deps.config.signingKeys?.[0]?.secret ?? 'prefcenter-webhook-receipts'
  const key = await crypto.subtle.importKey(
    'raw',
    encoder.encode(`mailchimp-receipt:${secret}`),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  )
  const digest = await crypto.subtle.sign('HMAC', key, encoder.encode(text))
  return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, '0')).join('')
}
