import { createReadStream } from 'node:fs'
import { createInterface } from 'node:readline'
import { parse } from 'csv-parse'
import type { ImportRecord } from '../../domain/admin/import.js'
import { csvColumns, MALFORMED_CSV } from '../../domain/admin/import-csv.js'

export type FileFormat = 'csv' | 'ndjson'

export interface RecordSource {
  records: AsyncIterable<ImportRecord>
  /** Bytes of the file read so far, for the progress bar. */
  bytesRead(): number
}

/** csv for `.csv`, ndjson for `.ndjson`, `.jsonl` and `.json`; csv otherwise. */
export function formatFor(path: string, explicit?: string): FileFormat {
  if (explicit === 'csv' || explicit === 'ndjson') return explicit
  if (explicit !== undefined) throw new Error('--format must be csv or ndjson')
  return /\.(nd)?jsonl?$/i.test(path) ? 'ndjson' : 'csv'
}

/**
 * Streams the records of an import file, whatever its size. Records that cannot be parsed come
 * out as `malformed`, with their line, so the import reports them instead of stopping.
 */
export function readRecords(path: string, format: FileFormat): RecordSource {
  const stream = createReadStream(path)
  return {
    records: format === 'csv' ? csvRecords(stream) : ndjsonRecords(stream),
    bytesRead: () => stream.bytesRead,
  }
}

async function* csvRecords(stream: NodeJS.ReadableStream): AsyncGenerator<ImportRecord> {
  const parser = parse({
    columns: csvColumns,
    bom: true,
    trim: true,
    skip_empty_lines: true,
    info: true,
    skip_records_with_error: true,
  })
  const skipped: ImportRecord[] = []
  parser.on('skip', (error: Error & { lines?: number }) => {
    skipped.push({
      line: error.lines ?? 0,
      fields: {},
      malformed: MALFORMED_CSV,
    })
  })
  stream.pipe(parser)
  for await (const item of parser as AsyncIterable<{
    record: Record<string, unknown>
    info: { lines: number }
  }>) {
    while (skipped.length > 0) yield skipped.shift()!
    yield { line: item.info.lines, fields: item.record }
  }
  while (skipped.length > 0) yield skipped.shift()!
}

async function* ndjsonRecords(stream: NodeJS.ReadableStream): AsyncGenerator<ImportRecord> {
  let line = 0
  for await (const text of createInterface({ input: stream, crlfDelay: Infinity })) {
    line++
    if (text.trim() === '') continue
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      yield { line, fields: {}, malformed: 'malformed JSON line' }
      continue
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) {
      yield { line, fields: {}, malformed: 'a line must be a JSON object' }
      continue
    }
    const fields: Record<string, unknown> = {}
    for (const [key, field] of Object.entries(value)) fields[key.toLowerCase()] = field
    yield { line, fields }
  }
}
