import type { Db } from '../db/schema.js'

/**
 * Receipts of Mailchimp webhooks already applied, keyed by a keyed hash of the payload, so a
 * replayed payload changes nothing; pruned after a retention period.
 */

export async function hasReceipt(db: Db, id: string): Promise<boolean> {
  const row = await db
    .selectFrom('mailchimp_webhook_receipts')
    .select('id')
    .where('id', '=', id)
    .executeTakeFirst()
  return row !== undefined
}

export async function addReceipt(
  db: Db,
  receipt: { id: string; type: string; firedAt: number; nowMs: number },
): Promise<void> {
  await db
    .insertInto('mailchimp_webhook_receipts')
    .values({
      id: receipt.id,
      type: receipt.type,
      fired_at: receipt.firedAt,
      received_at: receipt.nowMs,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .execute()
}

export async function pruneReceipts(db: Db, olderThanMs: number): Promise<void> {
  await db.deleteFrom('mailchimp_webhook_receipts').where('received_at', '<', olderThanMs).execute()
}
