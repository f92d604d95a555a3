import { isShowable } from '../subscription/showable.js'
import { lockContacts } from '../../db/locks.js'
import type { ContactRow, ListRow, SubscriptionStatus } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { normalizeLocale } from '../../i18n/locale.js'
import { contactIdRun } from '../../ids.js'
import { findContactsByEmail, insertContacts, newContactRow } from '../../repos/contacts.js'
import { findStatusesOf } from '../../repos/subscriptions.js'
import { suppressedAmong } from '../../repos/suppressions.js'
import { findLists } from '../../repos/lists.js'
import { acceptsAsNew, normalizeEmail } from '../subscription/email.js'
import { type Evidence, inTransaction, recordChanges } from '../subscription/record-changes.js'
import { recordChangesInBulk } from '../subscription/record-changes-in-bulk.js'
import { suppressionHashes, suppressionKeys } from '../privacy/suppression.js'

/** One record of an import file: its line number and its columns by (lower-case) name. */
export interface ImportRecord {
  line: number
  fields: Record<string, unknown>
  /** Set by the reader when the record itself could not be parsed. */
  malformed?: string
}

export interface Rejection {
  line: number
  email: string
  list: string
  reason: string
}

export interface ImportOptions {
  dryRun?: boolean
  /** Rows per transaction. */
  batchSize?: number
  onRejected?: (rejection: Rejection) => void | Promise<void>
  /** Called after each batch with the number of records seen so far. */
  onProgress?: (records: number) => void
  /**
   * How a batch is written: `bulk` (the default) with multi-row statements per table;
   * `per-contact` with one `recordChanges` call per contact and evidence, the reference the bulk
   * path is tested against (both write the same rows).
   */
  writer?: 'bulk' | 'per-contact'
}

export interface ImportSummary {
  records: number
  /** Valid rows (changed or already as the file says). */
  accepted: number
  /** Rows that changed (or, in a dry run, would change) a subscription. */
  changed: number
  unchanged: number
  rejected: number
  /** Contacts created (or, in a dry run, that would be). */
  contactsCreated: number
  dryRun: boolean
}

interface Simulation {
  statuses: Map<string, string>
  contacts: Set<string>
}

interface ValidRow {
  line: number
  email: string
  list: ListRow
  status: 'subscribed' | 'unsubscribed'
  name: string | null
  locale: string | null
  consentSource: string | null
  consentText: string | null
  consentAt: number | null
  consentIp: string | null
  updatedAt: number | null
}

const text = (value: unknown): string =>
  value === undefined || value === null ? '' : String(value).trim()

function parseTime(value: string): number | undefined {
  if (value === '') return undefined
  const ms = /^\d{1,15}$/.test(value) ? Number(value) : Date.parse(value)
  return Number.isFinite(ms) ? ms : Number.NaN
}

/** Checks one record; returns the row or the reason it is refused (never echoing values). */
function validate(
  record: ImportRecord,
  lists: Map<string, ListRow>,
  nowMs: number,
): ValidRow | string {
  if (record.malformed) return record.malformed
  const f = record.fields
  const email = normalizeEmail(text(f.email))
  if (!email || !acceptsAsNew(email)) return 'invalid email address'
  const list = lists.get(text(f.list))
  if (!list) return text(f.list) === '' ? 'list is missing' : 'unknown list'
  if (list.archived === 1) return 'list is archived'
  const status = text(f.status).toLowerCase()
  if (status === 'pending') return 'pending is not imported: only the person can confirm a sign-up'
  if (status !== 'subscribed' && status !== 'unsubscribed')
    return 'status must be subscribed or unsubscribed'
  const consentAt = parseTime(text(f.consent_at))
  if (Number.isNaN(consentAt)) return 'consent_at is not a date (ISO 8601 or epoch milliseconds)'
  if (consentAt !== undefined && consentAt > nowMs + 5 * 60_000)
    return 'consent_at lies in the future'
  const updatedAt = parseTime(text(f.updated_at))
  const consentIp = text(f.consent_ip)
  if (consentIp !== '' && !/^[0-9A-Fa-f:.]{2,45}$/.test(consentIp))
    return 'consent_ip is not an IP address'
  const consentSource = text(f.consent_source).slice(0, 200)
  const consentText = text(f.consent_text).slice(0, 5000)
  if (
    status === 'subscribed' &&
    list.legal_basis === 'consent' &&
    (!consentSource || !consentText || consentAt === undefined)
  ) {
    return 'consent evidence missing: consent-based list needs consent_source, consent_text and consent_at'
  }
  const rawLocale = text(f.locale)
  const locale = rawLocale === '' ? null : normalizeLocale(rawLocale)
  if (locale === undefined) return 'locale must be en, pl or fi'
  const name = text(f.name).slice(0, 200)
  if (!isShowable(name)) return 'name contains control characters'
  return {
    line: record.line,
    email,
    list,
    status,
    name: name || null,
    locale,
    consentSource: consentSource || null,
    consentText: consentText || null,
    consentAt: consentAt ?? null,
    consentIp: consentIp || null,
    updatedAt: updatedAt === undefined || Number.isNaN(updatedAt) ? null : updatedAt,
  }
}

/**
 * Imports subscriptions from any number of records, in transactions of `batchSize` rows,
 * through `recordChanges` (source `import`). Every row is validated; rows without consent
 * evidence for consent-based lists and rows for suppressed (erased) addresses are refused and
 * reported. Rows that match the current state change nothing, so importing a file twice
 * changes nothing the second time. A dry run reads and reports but writes nothing.
 *
 * @example const summary = await importRecords(deps, records, { dryRun: true, onRejected })
 */
export async function importRecords(
  deps: Deps,
  records: AsyncIterable<ImportRecord> | Iterable<ImportRecord>,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = options.batchSize ?? 2000
  const dryRun = options.dryRun ?? false
  const lists = new Map(
    (await findLists(deps.db, { includeArchived: true })).map((list) => [list.id, list]),
  )
  const keys = suppressionKeys(deps)
  const summary: ImportSummary = {
    records: 0,
    accepted: 0,
    changed: 0,
    unchanged: 0,
    rejected: 0,
    contactsCreated: 0,
    dryRun,
  }
  // A dry run writes nothing, so it remembers what it would have written across batches.
  const simulated: Simulation = { statuses: new Map(), contacts: new Set() }
  let batch: ValidRow[] = []
  let batchKeys = new Set<string>()

  const reject = async (line: number, fields: Record<string, unknown>, reason: string) => {
    summary.rejected++
    await options.onRejected?.({
      line,
      email: text(fields.email).slice(0, 254),
      list: text(fields.list).slice(0, 64),
      reason,
    })
  }

  const flush = async () => {
    if (batch.length === 0) return
    const rows = batch
    batch = []
    batchKeys = new Set()
    const writer = options.writer ?? 'bulk'
    await applyBatch(deps, rows, keys, dryRun ? simulated : undefined, writer, summary, reject)
    options.onProgress?.(summary.records)
  }

  for await (const record of records) {
    summary.records++
    const row = validate(record, lists, deps.now())
    if (typeof row === 'string') {
      await reject(record.line, record.fields, row)
      continue
    }
    // One (address, list) pair at most once per transaction, so no statement depends on another's write.
    const key = `${row.email}\n${row.list.id}`
    if (batchKeys.has(key)) await flush()
    batch.push(row)
    batchKeys.add(key)
    if (batch.length >= batchSize) await flush()
  }
  await flush()
  return summary
}

async function applyBatch(
  deps: Deps,
  rows: ValidRow[],
  keys: ReturnType<typeof suppressionKeys>,
  dryRun: Simulation | undefined,
  writer: 'bulk' | 'per-contact',
  summary: ImportSummary,
  reject: (line: number, fields: Record<string, unknown>, reason: string) => Promise<void>,
): Promise<void> {
  const emails = [...new Set(rows.map((row) => row.email))]
  const hashesByEmail = new Map(
    await Promise.all(
      emails.map(
        async (email) => [email, await suppressionHashes(keys, email, deps.hmac)] as const,
      ),
    ),
  )
  const allHashes = [...hashesByEmail.values()].flat()
  const suppressed = await suppressedAmong(deps.db, allHashes)
  const contacts = await findContactsByEmail(deps.db, emails)
  const byEmail = new Map(contacts.map((contact) => [contact.email, contact]))
  const current = await findStatusesOf(
    deps.db,
    contacts.map((contact) => contact.id),
  )

  const now = deps.now()
  // The batch's new contacts get adjacent ids, so its writes land in few index pages.
  const nextId = contactIdRun()
  const created: ContactRow[] = []
  const work: { contact: ContactRow; row: ValidRow }[] = []
  for (const row of rows) {
    if (hashesByEmail.get(row.email)!.some((hash) => suppressed.has(hash))) {
      await reject(
        row.line,
        { email: row.email, list: row.list.id },
        'address is on the suppression list (erased)',
      )
      continue
    }
    summary.accepted++
    let contact = byEmail.get(row.email)
    if (!contact && dryRun?.contacts.has(row.email)) {
      contact = { id: `dry:${row.email}` } as ContactRow
      byEmail.set(row.email, contact)
    }
    if (!contact) {
      contact = newContactRow(row.email, now, { name: row.name, locale: row.locale }, nextId())
      byEmail.set(row.email, contact)
      created.push(contact)
      dryRun?.contacts.add(row.email)
    }
    const pair = `${row.email}\n${row.list.id}`
    const before = dryRun?.statuses.get(pair) ?? current.get(contact.id)?.get(row.list.id)
    if (before === row.status) {
      summary.unchanged++
      continue
    }
    summary.changed++
    if (dryRun) dryRun.statuses.set(pair, row.status)
    else work.push({ contact, row })
  }
  if (dryRun) {
    summary.contactsCreated += created.length
    return
  }
  if (work.length === 0 && created.length === 0) return
  // Rows of one contact with the same evidence become one recordChanges call (one outbox row).
  const groups = new Map<string, { contact: ContactRow; rows: ValidRow[] }>()
  for (const { contact, row } of work) {
    const key = JSON.stringify([
      contact.id,
      row.consentIp,
      row.consentText,
      row.consentAt ?? row.updatedAt,
      row.consentSource,
    ])
    const group = groups.get(key) ?? { contact, rows: [] }
    group.rows.push(row)
    groups.set(key, group)
  }
  const isNew = new Set(created.map((contact) => contact.id))
  const existing = [
    ...new Set(work.map(({ contact }) => contact.id).filter((id) => !isNew.has(id))),
  ].sort()
  await inTransaction(deps, async (trx) => {
    // Lock the batch's existing contacts (PostgreSQL in id order, so batches never deadlock; D1
    // with one guard for the batch, run again if any changed), then read their statuses again:
    // another writer may have changed them since the read above. (On D1, where the console's
    // import runs, this read would not see the batch's own writes; it reads only rows the batch
    // has not written yet.)
    await lockContacts(trx, existing)
    const fresh = await findStatusesOf(trx, existing)
    // Each (contact, list) appears once per batch, so these statuses stay right for the whole batch.
    const batch = [...groups.values()].map(({ contact, rows: same }) => ({
      contact,
      changes: same.map((each) => ({ list: each.list, to: each.status })),
      evidence: importEvidence(same[0]!),
      current: fresh.get(contact.id) ?? new Map<string, SubscriptionStatus>(),
    }))
    if (writer === 'bulk') {
      await recordChangesInBulk(trx, deps, created, batch)
      return
    }
    await insertContacts(trx, deps.dbKind, created)
    for (const { contact, changes, evidence, current } of batch)
      await recordChanges(trx, deps, contact, changes, evidence, { current })
  })
  summary.contactsCreated += created.length
}

/** The ledger evidence of an imported row: its consent columns, at its consent (or update) time. */
function importEvidence(row: ValidRow): Evidence {
  return {
    source: 'import',
    ip: row.consentIp,
    consentText: row.consentText,
    ...(row.consentAt !== null
      ? { occurredAt: row.consentAt }
      : row.updatedAt !== null
        ? { occurredAt: row.updatedAt }
        : {}),
    ...(row.consentSource ? { detail: { consent_source: row.consentSource } } : {}),
  }
}
