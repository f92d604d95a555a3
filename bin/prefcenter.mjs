#!/usr/bin/env node
// The `prefcenter` command (src/node/cli.ts), run as a bundle: see bundle.mjs.
import { isMainThread, Worker } from 'node:worker_threads'
import { runEntry } from './bundle.mjs'

/**
 * The old-generation heap (MB) an import runs in. An import streams: what it holds at once is
 * one batch, yet V8, left to itself, let the heap grow with garbage until the process passed
 * 240 MB for a million rows. Capped, the same import takes the same time (see BENCHMARKS.md).
 * A dry run is not capped: it remembers every row it would have written, so its memory grows
 * with the file.
 */
const IMPORT_HEAP_MB = 128

const args = process.argv.slice(2)
if (isMainThread && args[0] === 'import' && !args.includes('--dry-run')) {
  process.exitCode = await inWorker(args)
} else {
  await runEntry('src/node/cli.ts', 'cli')
}

/**
 * Runs this same command on a worker thread whose heap is capped (a process cannot cap its own
 * heap once started, and a second process would hide its memory from whoever watches this
 * one). Nothing but this file is loaded here; the worker's output goes to this process's
 * streams, and its exit code is returned.
 */
function inWorker(argv) {
  const worker = new Worker(new URL(import.meta.url), {
    argv,
    workerData: { stderrIsTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns },
    resourceLimits: { maxOldGenerationSizeMb: IMPORT_HEAP_MB },
  })
  return new Promise((done) => {
    let failed = false
    worker.on('error', (error) => {
      failed = true
      process.stderr.write(
        error.code === 'ERR_WORKER_OUT_OF_MEMORY'
          ? `prefcenter: the import ran out of its ${IMPORT_HEAP_MB} MB heap\n`
          : `prefcenter: ${error.message}\n`,
      )
    })
    worker.on('exit', (code) => done(failed ? 1 : code))
  })
}
