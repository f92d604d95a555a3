import { once } from 'node:events'
import { createWriteStream, statSync } from 'node:fs'
import { SingleBar } from 'cli-progress'
import { stringify } from 'csv-stringify'
import type { Deps } from '../../deps.js'
import { importRecords, type ImportSummary } from '../../domain/admin/import.js'
import { formatFor, readRecords } from './read-records.js'
import type { CliIo } from './io.js'

export interface ImportCommandOptions {
  file: string
  format?: string
  dryRun: boolean
  report?: string
}

/**
 * `prefcenter import <file>`: streams the file through the import use-case with a progress bar
 * (on a terminal), and writes rejected rows with their line and reason to `--report` (CSV:
 * line, email, list, reason; the report holds addresses from the operator's own file).
 */
export async function importCommand(
  deps: Deps,
  options: ImportCommandOptions,
  io: CliIo,
): Promise<ImportSummary> {
  const format = formatFor(options.file, options.format)
  const size = statSync(options.file).size
  const source = readRecords(options.file, format)
  const report = options.report
    ? stringify({
        header: true,
        columns: ['line', 'email', 'list', 'reason'],
        // Cells starting with = + - @ are prefixed with ' so a spreadsheet shows, never runs, them.
        escape_formulas: true,
      })
    : undefined
  const reportFile = options.report ? createWriteStream(options.report, { mode: 0o600 }) : undefined
  if (report && reportFile) report.pipe(reportFile)
  const bar = io.stderrIsTTY
    ? new SingleBar({
        format: 'Importing [{bar}] {percentage}% | {records} records | {rejected} rejected',
        stream: io.stderr,
        hideCursor: true,
      })
    : undefined
  let rejected = 0
  bar?.start(size, 0, { records: 0, rejected: 0 })
  try {
    const summary = await importRecords(deps, source.records, {
      dryRun: options.dryRun,
      onRejected: async (rejection) => {
        rejected++
        if (report && !report.write(rejection)) await once(report, 'drain')
      },
      onProgress: (records) => bar?.update(source.bytesRead(), { records, rejected }),
    })
    bar?.update(size, { records: summary.records, rejected })
    return summary
  } finally {
    bar?.stop()
    if (report && reportFile) {
      report.end()
      await once(reportFile, 'finish')
    }
  }
}
