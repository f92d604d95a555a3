import type { Db } from '../db/schema.js'

/**
 * The personal-data wipe that erasure and pruning share: the contacts and their subscriptions
 * go; their ledger events stay as proof, without address, IP and user agent. Free text people
 * or staff wrote goes too, since people write names in it: a leave reason keeps its chosen
 * answer but loses the text; consent evidence that staff or an import supplied (the wording,
 * its version, where it was given) goes, while the service's own wording (no one's data) stays.
 *
 * `redact`, when given (erasure), also rewrites every other ledger detail that may name an
 * address (one with `@`: a Mailchimp profile change may carry an old one). Each detail is read
 * once and written once, with both rewrites: on D1 a transaction's reads do not see its queued
 * writes, so two rewrites of one row would each start from the original.
 *
 * @example await wipePersonalData(trx, [contact.id], { redact })
 */
export async function wipePersonalData(
  db: Db,
  contactIds: string[],
  options: { redact?: (detail: string) => string } = {},
): Promise<void> {
  if (contactIds.length === 0) return
  const { redact } = options
  // Read before writing: D1 transactions do not see their own queued writes.
  const details = await db
    .selectFrom('consent_events')
    .select(['id', 'to_status', 'detail'])
    .where('contact_id', 'in', contactIds)
    .where((eb) =>
      eb.or([
        eb('to_status', '=', 'leave_reason'),
        eb('detail', 'like', '%consent_source%'),
        ...(redact ? [eb('detail', 'like', '%@%')] : []),
      ]),
    )
    .execute()
  for (const row of details) {
    const freeText = row.to_status === 'leave_reason' || row.detail?.includes('consent_source')
    let detail = freeText ? withoutFreeText(row.detail) : (row.detail ?? '')
    if (redact) detail = redact(detail)
    if (detail !== row.detail) await setEventDetail(db, row.id, detail)
  }
  await db
    .updateTable('consent_events')
    .set({ consent_text: null, consent_version: null })
    .where('contact_id', 'in', contactIds)
    .where('source', 'in', ['admin', 'import'])
    .execute()
  await db.deleteFrom('subscriptions').where('contact_id', 'in', contactIds).execute()
  await db.deleteFrom('mailchimp_member_states').where('contact_id', 'in', contactIds).execute()
  await db.deleteFrom('contacts').where('id', 'in', contactIds).execute()
  await db
    .updateTable('consent_events')
    .set({ email: null, ip: null, user_agent: null })
    .where('contact_id', 'in', contactIds)
    .execute()
}

async function setEventDetail(db: Db, id: string, detail: string): Promise<void> {
  await db.updateTable('consent_events').set({ detail }).where('id', '=', id).execute()
}

/** Outbox rows of a contact still to be delivered (neither done nor failed). */
export function findOpenOutboxRows(
  db: Db,
  contactId: string,
): Promise<{ id: string; payload: string }[]> {
  return db
    .selectFrom('outbox')
    .select(['id', 'payload'])
    .where('contact_id', '=', contactId)
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .execute()
}

export async function setOutboxPayload(db: Db, id: string, payload: string): Promise<void> {
  await db.updateTable('outbox').set({ payload }).where('id', '=', id).execute()
}

/**
 * Contacts that only ever asked and never confirmed: created before `cutoff`, every
 * subscription `pending` and untouched since `cutoff`, and no `subscribed` event in the ledger.
 */
export async function findStalePendingContactIds(
  db: Db,
  cutoff: number,
  limit: number,
): Promise<string[]> {
  const rows = await db
    .selectFrom('contacts as c')
    .select('c.id')
    .where('c.created_at', '<', cutoff)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('subscriptions as s')
          .select('s.contact_id')
          .whereRef('s.contact_id', '=', 'c.id'),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('subscriptions as s')
            .select('s.contact_id')
            .whereRef('s.contact_id', '=', 'c.id')
            .where((w) => w.or([w('s.status', '!=', 'pending'), w('s.updated_at', '>=', cutoff)])),
        ),
      ),
    )
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('consent_events as e')
            .select('e.id')
            .whereRef('e.contact_id', '=', 'c.id')
            .where('e.to_status', '=', 'subscribed'),
        ),
      ),
    )
    .limit(limit)
    .execute()
  return rows.map((row) => row.id)
}

function withoutFreeText(detail: string | null): string {
  try {
    const {
      text: _text,
      consent_source: _source,
      ...rest
    } = JSON.parse(detail ?? '{}') as Record<string, unknown>
    return JSON.stringify(rest)
  } catch {
    return '{}'
  }
}
