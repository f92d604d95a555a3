import { createWriteStream } from 'node:fs'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { stringify } from 'csv-stringify'
import type { Deps } from '../../deps.js'
import { EXPORT_COLUMNS, exportSubscriptions } from '../../domain/admin/export-subscriptions.js'
import type { CliIo } from './io.js'

/**
 * `prefcenter export`: streams every subscription as CSV (with a header) or NDJSON to `--out`
 * or stdout. The columns are the ones `prefcenter import` reads, so an export imports back.
 */
export async function exportCommand(
  deps: Deps,
  options: { format?: string; out?: string },
  io: CliIo,
): Promise<number> {
  const format =
    options.format ?? (options.out && /\.(nd)?jsonl?$/i.test(options.out) ? 'ndjson' : 'csv')
  if (format !== 'csv' && format !== 'ndjson') throw new Error('--format must be csv or ndjson')
  let count = 0
  const rows = Readable.from(
    (async function* () {
      for await (const row of exportSubscriptions(deps)) {
        count++
        yield row
      }
    })(),
  )
  const encode =
    format === 'csv'
      ? stringify({ header: true, columns: EXPORT_COLUMNS, escape_formulas: true })
      : new Transform({
          writableObjectMode: true,
          transform: (row, _encoding, done) => done(null, `${JSON.stringify(row)}\n`),
        })
  if (options.out) {
    await pipeline(rows, encode, createWriteStream(options.out, { mode: 0o600 }))
  } else {
    await pipeline(rows, encode, async function* (source: AsyncIterable<Buffer | string>) {
      for await (const chunk of source) {
        if (!io.stdout.write(chunk))
          await new Promise((resolve) => io.stdout.once('drain', resolve))
      }
    })
  }
  return count
}
