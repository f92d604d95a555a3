import { Hono } from 'hono'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import type { AppEnv } from '../../http/env.js'
import { handleWebhook } from '../../mailchimp/webhook.js'
import { nestFormFields, parseWebhook } from '../../mailchimp/webhook-payload.js'
import { addReceipt, hasReceipt } from '../../repos/webhook-receipts.js'
import { secretsEqual } from '../../tokens/tokens.js'
import { webhookEntries } from './form-entries.js'
import { MAX_FIRED_AT_SKEW_MS, receiptId } from './receipt-key.js'

/** Inbound webhooks, mounted at /webhooks. */
export const webhookRoutes = new Hono<AppEnv>()

/** The secret path segment must match MAILCHIMP_WEBHOOK_SECRET (constant time); else 404. */
async function checkSecret(deps: Deps, given: string): Promise<void> {
  const expected = deps.config.mailchimpWebhookSecret
  if (!expected || !(await secretsEqual(given, expected)))
    throw new AppError('not_found', 'Not found')
}

// Before any route, whatever the method: the path holds the secret, so a wrong one is 404
// for every method (never a 405 that would show the webhook exists).
webhookRoutes.use('/mailchimp/:secret', async (c, next) => {
  await checkSecret(c.get('deps'), c.req.param('secret'))
  await next()
})

// Mailchimp's validator GETs the URL when the webhook is saved.
webhookRoutes.get('/mailchimp/:secret', (c) => c.json({ status: 'ok' }))

/**
 * Mailchimp audience webhook: form-encoded `type`, `fired_at`, `data[...]`. Answers quickly
 * (only local database work). An event seen before (same meaning, see `eventMeaning`) is a
 * replay and changes nothing; malformed payloads, unknown types and a `fired_at` in the future
 * are 400 with nothing changed.
 */
webhookRoutes.post('/mailchimp/:secret', async (c) => {
  const deps = c.get('deps')
  const fields = nestFormFields(await webhookEntries(c))
  const event = parseWebhook(fields, deps.now())
  if (event.firedAt > deps.now() + MAX_FIRED_AT_SKEW_MS)
    throw new AppError('invalid_body', 'fired_at lies in the future')
  // `data[list_id]` matters to handleWebhook: opt-ins and moves from another audience are
  // ignored there, opt-outs are honoured whichever audience says so.
  const receipt = await receiptId(deps, fields)
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
