import { stringify } from 'csv-stringify/sync'
import type { Deps } from '../../deps.js'
import { type LedgerQuery, ledgerPage } from './ledger-page.js'

/** At most this many events in one download; narrow the filter (dates) for more. */
export const LEDGER_CSV_MAX = 50_000

const COLUMNS = [
  'id',
  'occurred_at',
  'recorded_at',
  'contact_id',
  'email',
  'list',
  'from',
  'to',
  'source',
  'legal_basis',
  'ip',
  'user_agent',
  'consent_text',
  'consent_version',
  'detail',
] as const

/**
 * A cell that a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) gets a
 * leading apostrophe, as OWASP advises: the ledger holds text people and other systems typed.
 *
 * @example escapeFormula('=HYPERLINK("x")') // "'=HYPERLINK(\"x\")"
 */
export function escapeFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value
}

/**
 * The filtered ledger as CSV text with a header, newest first, formulas escaped.
 *
 * @example const csv = await ledgerCsv(deps, { list: 'newsletter', limit: 500 })
 */
export async function ledgerCsv(
  deps: Pick<Deps, 'db'>,
  query: Omit<LedgerQuery, 'limit' | 'cursor'>,
): Promise<string> {
  const rows: string[][] = []
  let cursor: string | undefined
  do {
    const page = await ledgerPage(deps, { ...query, limit: 1000, ...(cursor ? { cursor } : {}) })
    for (const event of page.events) {
      const record = { ...event, detail: event.detail ? JSON.stringify(event.detail) : null }
      rows.push(COLUMNS.map((column) => escapeFormula(String(record[column] ?? ''))))
    }
    cursor = page.next_cursor ?? undefined
  } while (cursor && rows.length < LEDGER_CSV_MAX)
  return stringify(rows.slice(0, LEDGER_CSV_MAX), { header: true, columns: [...COLUMNS] })
}
