import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * Copies the WAL back into the database file on a worker thread of its own, so the server's
 * event loop never does it. SQLite's automatic checkpoint runs inside the COMMIT that crosses
 * the threshold: every thousand pages, one commit copied them and fsynced the database file on
 * the event loop (2-8 ms under load, while every other request waited: issue 12).
 *
 * The worker holds its own connection and, every `intervalMs`, runs a PASSIVE checkpoint if
 * another connection has committed since its last one (`PRAGMA data_version`): it never blocks
 * a writer or a reader, and an idle server costs one pragma a tick. The caller keeps a high
 * `wal_autocheckpoint` as a safety net, so a worker that died leaves a larger WAL, never an
 * unbounded one. Durability is untouched: commits are made durable by `WalSync` before any
 * answer; a checkpoint only moves pages that are already safe.
 *
 * @example const checkpointer = startCheckpointer('./data/prefcenter.db'); …; await checkpointer.stop()
 */
export interface Checkpointer {
  /** Resolves once the worker ran its last checkpoint and closed its connection. */
  stop(): Promise<void>
  /** Checkpoints completed so far (each PASSIVE run that found new commits). */
  readonly runs: number
}

// CommonJS, evaluated in the worker: a file of its own would not survive bundling.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
const SQLite = require(workerData.driver)
const db = new SQLite(workerData.path)
db.pragma('busy_timeout = 0')
const version = db.prepare('PRAGMA data_version').pluck()
// Unset: the first tick checkpoints whatever was committed before the worker started.
let seen
const run = () => {
  const now = version.get()
  if (now === seen) return
  seen = now
  db.pragma('wal_checkpoint(PASSIVE)')
  parentPort.postMessage('ran')
}
const timer = setInterval(run, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  run()
  db.close()
  parentPort.close()
})
`

export function startCheckpointer(
  path: string,
  options: { intervalMs?: number; onError?: (error: Error) => void } = {},
): Checkpointer {
  const driver = createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { path, driver, intervalMs: options.intervalMs ?? 100 },
  })
  // The worker never keeps the process alive on its own.
  worker.unref()
  let runs = 0
  worker.on('message', () => runs++)
  worker.on('error', (error) => options.onError?.(error))
  const exited = new Promise<void>((done) => worker.once('exit', () => done()))
  return {
    get runs() {
      return runs
    },
    async stop() {
      worker.postMessage('stop')
      await exited
    },
  }
}
