import type { Db } from '../db/schema.js'
import type { Deps } from '../deps.js'
import { enqueueRow, type OutboxItem, outboxRow } from '../repos/outbox.js'

/** The events the host application hears (docs/admin-privacy-cli.md). */
export type HostEventType =
  | 'subscription.changed'
  | 'contact.erased'
  | 'account.cancellation_requested'

/**
 * The outbox item of one event for the host application, or null when EVENTS_WEBHOOK_URL is not
 * set: the one place that decides whether the host hears of something.
 *
 * @example const item = hostEventItem(deps, contact.id, 'contact.erased', { contact_id: contact.id }, now)
 */
export function hostEventItem(
  deps: Pick<Deps, 'config'>,
  contactId: string,
  type: HostEventType,
  data: Record<string, unknown>,
  timestamp: number,
): OutboxItem | null {
  if (!deps.config.eventsWebhook) return null
  return { topic: 'host-webhook', contactId, payload: { type, data, timestamp } }
}

/**
 * Queues one event for the host application in the caller's transaction, when
 * EVENTS_WEBHOOK_URL is set (otherwise nothing). The delivery job signs and sends it.
 *
 * @example await queueHostEvent(trx, deps, contact.id, 'contact.erased', { contact_id: contact.id }, now)
 */
export async function queueHostEvent(
  trx: Db,
  deps: Pick<Deps, 'config'>,
  contactId: string,
  type: HostEventType,
  data: Record<string, unknown>,
  nowMs: number,
  /** When it happened, if not now (a Mailchimp webhook's fired_at). */
  timestamp: number = nowMs,
): Promise<void> {
  const item = hostEventItem(deps, contactId, type, data, timestamp)
  if (item) await enqueueRow(trx, outboxRow(item, nowMs))
}
