import type { Db } from '../db/schema.js'

/** Read-only views of the `mailchimp` outbox topic: the sync status page and the job's timer. */

/** Contacts that have at least one mailchimp outbox row still waiting (not done, not failed). */
export async function contactsWithWaitingSync(db: Db): Promise<Set<string>> {
  const rows = await db
    .selectFrom('outbox')
    .select('contact_id')
    .distinct()
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('contact_id', 'is not', null)
    .execute()
  return new Set(rows.map((row) => row.contact_id!))
}

export interface OutboxStats {
  waiting: number
  retrying: number
  oldestWaitingAt: number | null
  failed: number
  lastFailures: Array<{
    id: string
    contact_id: string | null
    attempts: number
    failed_at: number | null
    last_error: string | null
  }>
  lastErrors: Array<{
    id: string
    contact_id: string | null
    attempts: number
    available_at: number
    last_error: string | null
  }>
}

export async function outboxStats(db: Db): Promise<OutboxStats> {
  const waiting = await db
    .selectFrom('outbox')
    .select((eb) => [
      eb.fn.countAll<number | string>().as('n'),
      eb.fn.min('created_at').as('oldest'),
    ])
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst()
  const retrying = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('attempts', '>', 0)
    .executeTakeFirst()
  const failed = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('topic', '=', 'mailchimp')
    .where('failed_at', 'is not', null)
    .executeTakeFirst()
  const lastFailures = await db
    .selectFrom('outbox')
    .select(['id', 'contact_id', 'attempts', 'failed_at', 'last_error'])
    .where('topic', '=', 'mailchimp')
    .where('failed_at', 'is not', null)
    .orderBy('failed_at', 'desc')
    .limit(5)
    .execute()
  const lastErrors = await db
    .selectFrom('outbox')
    .select(['id', 'contact_id', 'attempts', 'available_at', 'last_error'])
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .where('attempts', '>', 0)
    .orderBy('id', 'desc')
    .limit(5)
    .execute()
  return {
    waiting: Number(waiting?.n ?? 0),
    retrying: Number(retrying?.n ?? 0),
    oldestWaitingAt: waiting?.oldest == null ? null : Number(waiting.oldest),
    failed: Number(failed?.n ?? 0),
    lastFailures,
    lastErrors,
  }
}

/** When the next waiting mailchimp row becomes due, if any. */
export async function nextDueAt(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('outbox')
    .select((eb) => eb.fn.min('available_at').as('at'))
    .where('topic', '=', 'mailchimp')
    .where('done_at', 'is', null)
    .where('failed_at', 'is', null)
    .executeTakeFirst()
  return row?.at == null ? undefined : Number(row.at)
}

/**
 * Failed mailchimp rows counted per stored error (the status, Mailchimp's title and detail,
 * already redacted), for the status page to group by reason.
 *
 * @example const counts = await failedErrorCounts(db) // [{ error: '400 Invalid Resource: ...', count: 2 }]
 */
export async function failedErrorCounts(
  db: Db,
): Promise<Array<{ error: string | null; count: number }>> {
  const rows = await db
    .selectFrom('outbox')
    .select((eb) => ['last_error', eb.fn.countAll<number | string>().as('n')])
    .where('topic', '=', 'mailchimp')
    .where('failed_at', 'is not', null)
    .groupBy('last_error')
    .execute()
  return rows.map((row) => ({ error: row.last_error, count: Number(row.n) }))
}
