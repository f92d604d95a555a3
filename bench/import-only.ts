/**
 * The import part of the bench alone: `npm run bench:import [-- rows]` writes a CSV of that many
 * rows (default 100000), imports it into a fresh SQLite file with `prefcenter import`, and prints
 * rows/s and peak RSS.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { importRate, writeImportCsv } from './import-rate.js'
import { ROOT } from './server.js'

const rows = Number(process.argv[2] ?? 100_000)
const base = process.env.BENCH_DIR ?? join(ROOT, 'data')
mkdirSync(base, { recursive: true })
const dir = mkdtempSync(join(base, 'bench-import-'))
try {
  const file = join(dir, 'import.csv')
  await writeImportCsv(file, rows)
  const rate = await importRate(file, `sqlite:${join(dir, 'import.db')}`, rows, {
    SIGNING_KEYS: 'b1:bench-secret-0123456789abcdefghijklmnopq',
    LOG_LEVEL: 'warn',
    ...(process.env.BENCH_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_NODE_OPTIONS } : {}),
  })
  if (rate.exitCode !== 0) console.log(rate.output)
  console.log(
    `import: ${rows} rows in ${rate.seconds.toFixed(1)} s = ${Math.round(rate.perSecond)} rows/s, peak RSS ${Math.round(rate.peakMb)} MB`,
  )
} finally {
  rmSync(dir, { recursive: true, force: true })
}
