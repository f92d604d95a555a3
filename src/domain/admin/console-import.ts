import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { holdsUnstorable, UNSTORABLE_MESSAGE } from '../../http/fields.js'
import { sortableId } from '../../ids.js'
import {
  findAdminImport,
  insertAdminImport,
  markAdminImportApplied,
  pruneAdminImports,
  setAdminImportReport,
} from '../../repos/admin-imports.js'
import { audit } from './audit.js'
import { type ImportSummary, importRecords } from './import.js'
import { csvTextRecords } from './import-csv.js'

/** What the console shows of an import: the summary and each refused row (no addresses). */
export interface ImportReport {
  summary: ImportSummary | null
  rejections: { line: number; list: string; reason: string }[]
}

export interface ConsoleImport {
  id: string
  status: 'checked' | 'applied'
  report: ImportReport
}

const DAY_MS = 86_400_000
/** A console upload is a small file; the CLI streams files of any size. */
const MAX_REJECTIONS_SHOWN = 500

async function run(deps: Deps, text: string, dryRun: boolean): Promise<ImportReport> {
  let records: ReturnType<typeof csvTextRecords>
  try {
    records = csvTextRecords(text)
  } catch (error) {
    // csv-parse's messages name the problem (header, quotes), never a value.
    const message = error instanceof Error ? error.message : 'unreadable CSV'
    throw new AppError('invalid_body', message.slice(0, 300))
  }
  const rejections: ImportReport['rejections'] = []
  const summary = await importRecords(deps, records, {
    dryRun,
    onRejected: (rejection) => {
      if (rejections.length < MAX_REJECTIONS_SHOWN)
        rejections.push({ line: rejection.line, list: rejection.list, reason: rejection.reason })
    },
  })
  return { summary, rejections }
}

/**
 * Step one of a console import: a dry run of the uploaded CSV through the same use-case as
 * `prefcenter import --dry-run`; the file is kept until it is applied (or for a day).
 *
 * @example const { id } = await checkImport(deps, session.actor, text)
 */
export async function checkImport(deps: Deps, actor: string, text: string): Promise<ConsoleImport> {
  if (text.trim() === '') throw new AppError('invalid_body', 'file: the CSV file is empty')
  if (holdsUnstorable(text)) throw new AppError('invalid_body', `file: ${UNSTORABLE_MESSAGE}`)
  const now = deps.now()
  await pruneAdminImports(deps.db, now - DAY_MS)
  const report = await run(deps, text, true)
  const id = sortableId(now)
  await insertAdminImport(deps.db, {
    id,
    actor,
    csv: text,
    report: JSON.stringify(report),
    status: 'checked',
    created_at: now,
    applied_at: null,
  })
  await audit(deps, actor, 'import.check', id, { ...report.summary })
  return { id, status: 'checked', report }
}

/**
 * Step two: applies a checked import exactly once (a second click finds it applied) and
 * blanks the stored file.
 *
 * @example await applyImport(deps, session.actor, id)
 */
export async function applyImport(deps: Deps, actor: string, id: string): Promise<void> {
  const row = await findAdminImport(deps.db, id)
  if (!row) throw new AppError('not_found', 'No import with that id')
  const claimed = await markAdminImportApplied(deps.db, id, row.report, deps.now())
  if (!claimed) return
  const report = await run(deps, row.csv, false)
  await setAdminImportReport(deps.db, id, JSON.stringify(report))
  await audit(deps, actor, 'import.apply', id, { ...report.summary })
}

/** @example const view = await readImport(deps, id) */
export async function readImport(deps: Pick<Deps, 'db'>, id: string): Promise<ConsoleImport> {
  const row = await findAdminImport(deps.db, id)
  if (!row) throw new AppError('not_found', 'No import with that id')
  return { id: row.id, status: row.status, report: JSON.parse(row.report) as ImportReport }
}
