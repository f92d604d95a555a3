import { lockLinkContact } from '../links/token-contact.js'
import type { ContactRow, Db, ListRow } from '../../db/schema.js'
import { claimJobLease } from '../../db/job-lease.js'
import { lockContact } from '../../db/locks.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import type { Job } from '../../jobs.js'
import { findContactById, findSubscriptions } from '../../repos/contacts.js'
import { findList } from '../../repos/lists.js'
import { endPause, findDuePauses, pauseSubscription } from '../../repos/pauses.js'
import { type Evidence, inTransaction, queueMemberSync, recordListEvent } from './record-changes.js'

/** How long a pause may last, in calendar months. */
export const PAUSE_MONTHS = [1, 3] as const
export type PauseMonths = (typeof PAUSE_MONTHS)[number]

/**
 * The moment a pause of `months` started at `nowMs` ends: the same day and time `months`
 * calendar months later (UTC); a day the month lacks rolls over, as 31 January + 1 month does.
 *
 * @example pauseEnd(Date.UTC(2026, 10, 22), 1) // Date.UTC(2026, 11, 22)
 */
export function pauseEnd(nowMs: number, months: PauseMonths): number {
  const end = new Date(nowMs)
  end.setUTCMonth(end.getUTCMonth() + months)
  return end.getTime()
}

type Client = Pick<Evidence, 'ip' | 'userAgent' | 'via'>

/** The person's row on a list they may pause or resume, or a 400 naming what is wrong. */
async function ownRow(db: Db, contact: ContactRow, listId: string) {
  const list = await findList(db, listId)
  const row = (await findSubscriptions(db, contact.id)).find((s) => s.list_id === listId)
  if (!list || list.archived === 1) throw new AppError('unknown_list', 'Unknown list')
  if (row?.status !== 'subscribed') {
    throw new AppError('invalid_body', 'list: only a list you are subscribed to can be paused')
  }
  return { list, pausedUntil: row.paused_until === null ? null : Number(row.paused_until) }
}

/**
 * Pauses a list the person is subscribed to for 1 or 3 months instead of leaving it: it stays
 * subscribed (a pause is not an opt-out), Mailchimp is told to hold its interest off, and the
 * ledger records the pause with its end. A list already paused is refused (400): resume first;
 * so is a list whose leaving cancels the account.
 *
 * @example const { until } = await pauseList(deps, contact, 'newsletter', 3, { ip, userAgent })
 */
export async function pauseList(
  deps: Deps,
  contact: ContactRow,
  listId: string,
  months: PauseMonths,
  client: Client,
): Promise<{ list: ListRow; until: number }> {
  const now = deps.now()
  const until = pauseEnd(now, months)
  const list = await inTransaction(deps, async (trx) => {
    // Decided under the lock: a double click pauses once; an erasure meanwhile is not_found.
    await lockLinkContact(trx, contact)
    const { list, pausedUntil } = await ownRow(trx, contact, listId)
    // Its mail is the account's own notices: whoever holds a forwarded link must not silence
    // them for months without the confirmation that leaving needs (an attacker review).
    if (list.cancels_account === 1)
      throw new AppError(
        'invalid_body',
        'list: a list that comes with your account cannot be paused',
      )
    if (pausedUntil !== null) throw new AppError('invalid_body', 'list: already paused')
    await pauseSubscription(trx, contact.id, list.id, until)
    await recordListEvent(trx, deps, contact, list, 'subscribed', 'paused', {
      source: 'preferences',
      ...client,
      detail: { paused_until: until, months },
    })
    await queueMemberSync(trx, deps, contact, now)
    return list
  })
  return { list, until }
}

/**
 * "Resume now": ends the person's pause of a list at once, in the ledger and at Mailchimp.
 * A list that is not paused is refused (400).
 *
 * @example await resumeList(deps, contact, 'newsletter', { ip, userAgent })
 */
export async function resumeList(
  deps: Deps,
  contact: ContactRow,
  listId: string,
  client: Client,
): Promise<ListRow> {
  return inTransaction(deps, async (trx) => {
    await lockLinkContact(trx, contact)
    const { list, pausedUntil } = await ownRow(trx, contact, listId)
    if (pausedUntil === null) throw new AppError('invalid_body', 'list: not paused')
    await endPause(trx, contact.id, list.id)
    await recordListEvent(trx, deps, contact, list, 'paused', 'resumed', {
      source: 'preferences',
      ...client,
      detail: { resume: 'by_person', paused_until: pausedUntil },
    })
    await queueMemberSync(trx, deps, contact, deps.now())
    return list
  })
}

const BATCH = 200

/**
 * Resumes every pause whose end has passed: each is cleared, recorded in the ledger (from
 * `system`) and queued for Mailchimp. Returns how many were resumed.
 *
 * @example await resumeDuePauses(deps) // 2
 */
export async function resumeDuePauses(
  deps: Pick<Deps, 'db' | 'now' | 'config' | 'notifyOutbox'>,
): Promise<number> {
  let resumed = 0
  for (;;) {
    const due = await findDuePauses(deps.db, deps.now(), BATCH)
    for (const pause of due) {
      const [contact, list] = await Promise.all([
        findContactById(deps.db, pause.contactId),
        findList(deps.db, pause.listId),
      ])
      if (!contact || !list) {
        // Nothing to tell anyone about, but the row must not come back in every batch.
        await endPause(deps.db, pause.contactId, pause.listId)
        continue
      }
      const done = await inTransaction(deps, async (trx) => {
        // Under the lock: the person may have resumed it meanwhile (one `resumed` event), or
        // been erased (nothing left to resume).
        const locked = await lockContact(trx, contact.id)
        const row = (await findSubscriptions(trx, contact.id)).find((s) => s.list_id === list.id)
        const until = row?.paused_until ?? null
        if (!locked || until === null || Number(until) > deps.now()) return false
        await endPause(trx, contact.id, list.id)
        await recordListEvent(trx, deps, locked, list, 'paused', 'resumed', {
          source: 'system',
          detail: { resume: 'pause_ended', paused_until: pause.pausedUntil },
        })
        await queueMemberSync(trx, deps, locked, deps.now())
        return true
      }).catch((error: unknown) => {
        if (error instanceof AppError && error.code === 'not_found') return false
        throw error
      })
      if (done) resumed += 1
    }
    if (due.length < BATCH) return resumed
  }
}

const RESUME_LEASE_MS = 50 * 60_000

/**
 * Hourly: pauses whose end has passed. Instances share one lease (as `prune-pending` does), so
 * one pause is resumed once and gets one ledger row.
 */
export const resumePausesJob: Job = {
  name: 'resume-pauses',
  intervalMs: 3_600_000,
  run: async (deps) =>
    (await claimJobLease(deps.db, 'resume-pauses', RESUME_LEASE_MS, deps.now()))
      ? resumeDuePauses(deps)
      : 0,
}
