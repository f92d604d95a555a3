import { lockLinkContact } from '../links/token-contact.js'
import { lockContact } from '../../db/locks.js'
import type { ContactRow, Db, EventSource } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { redact } from '../../logger.js'
import { deleteCheckedImportsNaming } from '../../repos/admin-imports.js'
import { findMergedInto } from '../../repos/contacts.js'
import { subscriberHash } from '../../mailchimp/subscriber-hash.js'
import {
  findOpenOutboxRows,
  setOutboxPayload,
  wipePersonalData,
} from '../../repos/personal-data.js'
import { queueHostEvent } from '../../host-webhooks/queue-event.js'
import { enqueue } from '../../repos/outbox.js'
import { inTransaction, recordContactEvent } from '../subscription/record-changes.js'
import { suppress, suppressionKeys } from './suppression.js'

export interface ErasureResult {
  contactId: string
  erasedAt: number
}

/**
 * Erases a contact (GDPR art. 17), in one transaction, with the contacts Mailchimp's `upemail`
 * merged into it (the same person's earlier addresses): the contact and its subscriptions go;
 * its ledger events stay as proof but lose the address, IP and user agent; one `erased` event
 * is appended without any address; the address stays only as a keyed hash on the suppression
 * list, so no import, API call or Mailchimp webhook can bring it back (only the person's own
 * double opt-in lifts it); Mailchimp is told to delete the member permanently, and the host
 * application hears `contact.erased`. A console upload checked but not applied that names the
 * address goes too.
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
  options: {
    /**
     * Written in the erasure's own transaction (a single-use link spent): if the erasure does
     * not happen, neither does this.
     */
    alsoWrite?: (trx: Db) => Promise<void>
  } = {},
): Promise<ErasureResult> {
  const now = deps.now()
  const keys = suppressionKeys(deps)
  await inTransaction(deps, async (trx) => {
    // Read again under the lock, and used from here on: another request may have erased it
    // while this one waited (not_found: erased once, one ledger event, one deletion sent), or
    // changed its address. Staff then erase the address it has now (the one suppressed and
    // deleted at Mailchimp); a link (source preferences) erases only while the contact has the
    // address it was sent to (link_superseded otherwise).
    const current =
      evidence.source === 'preferences'
        ? await lockLinkContact(trx, contact)
        : await lockContact(trx, contact.id)
    // Never undefined (the erasure did not create the contact): for the type only.
    if (!current) throw new AppError('not_found', 'No contact with that address')
    // The person's earlier contacts that Mailchimp's upemail merged into this one go with it.
    const everyone = [current, ...(await findMergedInto(trx, current.id))]
    // Reads first: on D1 the writes below are one batch sent at commit.
    const pending = new Map<string, Awaited<ReturnType<typeof findOpenOutboxRows>>>()
    for (const one of everyone) pending.set(one.id, await findOpenOutboxRows(trx, one.id))
    // Ledger details hold payloads from elsewhere (a Mailchimp profile change may name an old
    // address): the wipe redacts them with the rest.
    await wipePersonalData(
      trx,
      everyone.map((one) => one.id),
      { redact },
    )
    for (const one of everyone) {
      for (const row of pending.get(one.id)!) {
        if (row.payload.toLowerCase().includes(one.email))
          await setOutboxPayload(trx, row.id, redact(row.payload))
      }
      await recordContactEvent(trx, deps, { id: one.id, email: null }, one.status, 'erased', {
        source: evidence.source,
        ...(one === current ? {} : { detail: { merged_into: current.id } }),
      })
      await suppress(trx, keys, one.email, 'erased', now)
      if (deps.config.mailchimp) {
        await enqueue(
          trx,
          'mailchimp',
          one.id,
          { type: 'member.delete_permanent', subscriberHash: subscriberHash(one.email) },
          now,
        )
      }
      const data = { contact_id: one.id, source: evidence.source }
      await queueHostEvent(trx, deps, one.id, 'contact.erased', data, now)
    }
    await deleteCheckedImportsNaming(
      trx,
      everyone.map((one) => one.email),
    )
    // Last: a write, after every read (on D1 reads do not see queued writes).
    await options.alsoWrite?.(trx)
  })
  return { contactId: contact.id, erasedAt: now }
}
