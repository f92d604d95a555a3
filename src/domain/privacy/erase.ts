import { lockContact } from '../../db/locks.js'
import type { ContactRow, EventSource } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { sortableId } from '../../ids.js'
import { redact } from '../../logger.js'
import { subscriberHash } from '../../mailchimp/subscriber-hash.js'
import { appendEvent } from '../../repos/consent-events.js'
import { enqueue } from '../../repos/outbox.js'
import { inTransaction } from '../subscription/record-changes.js'
import { suppress } from './suppression.js'
import { suppressionKeys } from './suppression-keys.js'

export interface ErasureResult {
  contactId: string
  erasedAt: number
}

/**
 * Erases a contact (GDPR art. 17), in one transaction: the contact and its subscriptions go;
 * its ledger events stay as proof but lose the address, IP and user agent; one `erased` event
 * is appended without any address; the address stays only as a keyed hash on the suppression
 * list, so no import, API call or Mailchimp webhook can bring it back (only the person's own
 * double opt-in lifts it); Mailchimp is told to delete the member permanently, and the host
 * application hears `contact.erased`.
 *
 * @example await eraseContact(deps, contact, { source: 'admin' })
 */
export async function eraseContact(
  deps: Pick<Deps, 'db' | 'now' | 'config' | 'notifyOutbox'>,
  contact: ContactRow,
  evidence: {
    source: Extract<EventSource, 'admin' | 'preferences'>
    ip?: string | null
    userAgent?: string | null
  },
): Promise<ErasureResult> {
  const now = deps.now()
  const keys = suppressionKeys(deps)
  await inTransaction(deps, async (trx) => {
    // PostgreSQL: no other writer of this contact runs while it is erased.
    await lockContact(trx, contact.id)
    // Reads first: on D1 the writes below are one batch sent at commit.
    const pending = await trx
      .selectFrom('outbox')
      .select(['id', 'payload'])
      .where('contact_id', '=', contact.id)
      .where('done_at', 'is', null)
      .where('failed_at', 'is', null)
      .execute()
    const details = await trx
      .selectFrom('consent_events')
      .select(['id', 'detail'])
      .where('contact_id', '=', contact.id)
      .where('detail', 'like', '%@%')
      .execute()

    await trx.deleteFrom('subscriptions').where('contact_id', '=', contact.id).execute()
    await trx.deleteFrom('contacts').where('id', '=', contact.id).execute()
    await trx
      .updateTable('consent_events')
      .set({ email: null, ip: null, user_agent: null })
      .where('contact_id', '=', contact.id)
      .execute()
    // Details hold payloads from elsewhere (a Mailchimp profile change may name an old address).
    for (const row of details) {
      await trx
        .updateTable('consent_events')
        .set({ detail: redact(row.detail ?? '') })
        .where('id', '=', row.id)
        .execute()
    }
    for (const row of pending) {
      if (row.payload.toLowerCase().includes(contact.email)) {
        await trx
          .updateTable('outbox')
          .set({ payload: redact(row.payload) })
          .where('id', '=', row.id)
          .execute()
      }
    }
    await appendEvent(trx, {
      id: sortableId(now),
      contact_id: contact.id,
      email: null,
      list_id: null,
      from_status: contact.status,
      to_status: 'erased',
      source: evidence.source,
      legal_basis: null,
      ip: null,
      user_agent: null,
      consent_text: null,
      consent_version: null,
      detail: null,
      occurred_at: now,
      recorded_at: now,
    })
    await suppress(trx, keys, contact.email, 'erased', now)
    if (deps.config.mailchimp) {
      await enqueue(
        trx,
        'mailchimp',
        contact.id,
        { type: 'member.delete_permanent', subscriberHash: subscriberHash(contact.email) },
        now,
      )
    }
    if (deps.config.eventsWebhook) {
      await enqueue(
        trx,
        'host-webhook',
        contact.id,
        {
          type: 'contact.erased',
          data: { contact_id: contact.id, source: evidence.source },
          timestamp: now,
        },
        now,
      )
    }
  })
  return { contactId: contact.id, erasedAt: now }
}
