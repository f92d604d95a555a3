import { lockLinkContact } from '../links/token-contact.js'
import { lockContact } from '../../db/locks.js'
import type { ContactRow, EventSource } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { updateContact } from '../../repos/contacts.js'
import { enqueue } from '../../repos/outbox.js'
import { inTransaction, recordContactEvent } from '../subscription/record-changes.js'

/**
 * Restricts processing (GDPR art. 18) or lifts the restriction. A restricted contact keeps its
 * data but gets no mail and is not synced. The switch is a ledger event; Mailchimp gets a
 * member.sync so the sync job can stop (or resume) the member. Returns whether anything changed.
 *
 * @example await setRestriction(deps, contact, true, { source: 'preferences' })
 */
export async function setRestriction(
  deps: Pick<Deps, 'db' | 'now' | 'config' | 'notifyOutbox'>,
  contact: ContactRow,
  restricted: boolean,
  evidence: {
    source: EventSource
    ip?: string | null
    userAgent?: string | null
    via?: 'admin_link'
  },
): Promise<boolean> {
  const flag = restricted ? 1 : 0
  if (contact.restricted === flag) return false
  const now = deps.now()
  return inTransaction(deps, async (trx) => {
    // Decided again under the lock: a double click switches once, with one ledger event.
    // A link (source preferences) acts only while the contact has the address it was sent to.
    const current =
      evidence.source === 'preferences'
        ? await lockLinkContact(trx, contact)
        : await lockContact(trx, contact.id)
    if (current?.restricted === flag) return false
    await updateContact(trx, contact.id, { restricted: flag, updated_at: now })
    await recordContactEvent(
      trx,
      deps,
      contact,
      restricted ? 'unrestricted' : 'restricted',
      restricted ? 'restricted' : 'unrestricted',
      evidence,
    )
    if (deps.config.mailchimp) {
      await enqueue(
        trx,
        'mailchimp',
        contact.id,
        {
          type: 'member.sync',
          contactId: contact.id,
          reason: restricted ? 'restricted' : 'unrestricted',
        },
        now,
      )
    }
    return true
  })
}

/**
 * Whether processing is restricted for the contact: no sync, no mail (the pages say so).
 *
 * @example if (isRestricted(contact)) return
 */
export function isRestricted(contact: Pick<ContactRow, 'restricted'>): boolean {
  return contact.restricted === 1
}
