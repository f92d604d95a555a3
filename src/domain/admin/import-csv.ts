import { parse } from 'csv-parse/sync'
import type { ImportRecord } from './import.js'

/** The columns every import file must have; the others are optional. */
export const REQUIRED_COLUMNS = ['email', 'list', 'status']

/** What a record that csv-parse had to skip is reported as. */
export const MALFORMED_CSV = 'malformed CSV record (quotes or number of columns)'

/**
 * Column names, lower-cased and trimmed; throws a readable error when a required one is
 * missing. The CLI's streaming reader and the console's upload share it.
 *
 * @example csvColumns(['Email', 'list', 'status']) // ['email', 'list', 'status']
 */
export function csvColumns(header: string[]): string[] {
  const names = header.map((name) => String(name).trim().toLowerCase())
  const missing = REQUIRED_COLUMNS.filter((name) => !names.includes(name))
  if (missing.length > 0)
    throw new Error(
      `the CSV header must name the columns ${REQUIRED_COLUMNS.join(', ')} (missing: ${missing.join(', ')})`,
    )
  return names
}

/**
 * The records of a small CSV held in memory (a console upload), in the same shape and with the
 * same parser settings as the CLI's streaming reader, on every runtime (no Node streams).
 * Records that cannot be parsed come out as `malformed` with their line.
 *
 * @example importRecords(deps, csvTextRecords(text), { dryRun: true })
 */
export function csvTextRecords(text: string): ImportRecord[] {
  const records: ImportRecord[] = []
  const parsed = parse(text, {
    columns: csvColumns,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
    skip_records_with_error: true,
    on_skip: (error) => {
      const line = Number((error as { lines?: unknown } | undefined)?.lines ?? 0)
      records.push({ line, fields: {}, malformed: MALFORMED_CSV })
      return undefined
    },
  }) as unknown as { record: Record<string, unknown>; info: { lines: number } }[]
  for (const item of parsed) records.push({ line: item.info.lines, fields: item.record })
  return records.sort((a, b) => a.line - b.line)
}
