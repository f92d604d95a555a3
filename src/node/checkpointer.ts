import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/** The running checkpoint thread of one database. */
export interface Checkpointer {
  /** Resolves once the worker ran its last checkpoint and closed its connection. */
  stop(): Promise<void>
}

export interface CheckpointerOptions {
  intervalMs?: number
  /**
   * Checkpoints started failing (`stopped: false`: the worker goes on, and says so again only
   * after one succeeded), or the worker is gone.
   */
  onError?: (error: Error, stopped: boolean) => void
  /** The better-sqlite3 module the worker loads (tests name a missing one). */
  driver?: string
}

// CommonJS, evaluated in the worker: a file of its own would not survive bundling.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads')
let db
try {
  const SQLite = require(workerData.driver)
  db = new SQLite(workerData.path)
  db.pragma('busy_timeout = 0')
  // A checkpoint syncs the WAL before copying it and the database file after, unless OFF.
  db.pragma('synchronous = NORMAL')
} catch (error) {
  // A plain Error keeps its message across the thread (SqliteError's is lost).
  throw new Error(String(error && error.message))
}
const version = db.prepare('PRAGMA data_version').pluck()
// Unset: the first tick checkpoints whatever was committed before the worker started.
let seen
let failing = false
const run = () => {
  try {
    const now = version.get()
    if (now === seen) return
    db.pragma('wal_checkpoint(PASSIVE)')
    seen = now
    failing = false
  } catch (error) {
    if (!failing) parentPort.postMessage(String(error && error.message))
    failing = true
  }
}
const timer = setInterval(run, workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  seen = undefined
  run()
  db.close()
  parentPort.close()
})
`

/**
 * Copies the WAL back into the database file on a worker thread of its own, so the server's
 * event loop never does it. SQLite's automatic checkpoint runs inside the COMMIT that crosses
 * the threshold: every thousand pages, one commit copied them and fsynced the WAL and the
 * database file on the event loop (2-8 ms under load, while every other request waited:
 * issue 12).
 *
 * The worker holds its own connection and, every `intervalMs` (500), runs a PASSIVE checkpoint
 * if another connection has committed since its last one (`PRAGMA data_version`): it never
 * blocks a writer or a reader, and an idle server costs one pragma a tick. Each completed
 * checkpoint lets the next COMMIT restart the WAL, which syncs the WAL header on the event
 * loop: at most twice a second, against the automatic checkpoint's copy and two syncs about
 * ten times a second under load before. The worker touches the database only through SQLite
 * (a file handle of its own on the database or its `-shm` would drop this process's POSIX
 * locks when closed: https://www.sqlite.org/howtocorrupt.html, 2.2).
 *
 * The caller keeps a high `wal_autocheckpoint` as a safety net and restores the default when
 * `onError` reports the worker gone. Durability is untouched: every commit is made durable by
 * `WalSync` before any answer, and a checkpoint only moves pages already in the WAL (it syncs
 * the WAL before copying and the database file before the WAL may restart).
 *
 * @example const checkpointer = startCheckpointer('./data/prefcenter.db', { onError }); …; await checkpointer.stop()
 */
export function startCheckpointer(path: string, options: CheckpointerOptions = {}): Checkpointer {
  const driver = options.driver ?? createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver,
      intervalMs: options.intervalMs ?? 500,
    },
  })
  // The worker never keeps the process alive on its own.
  worker.unref()
  let stopping = false
  let failed = false
  worker.on('message', (message: string) => options.onError?.(new Error(message), false))
  worker.on('error', (error) => {
    failed = true
    options.onError?.(error, true)
  })
  const exited = new Promise<void>((done) =>
    worker.once('exit', (code) => {
      if (!stopping && !failed)
        options.onError?.(new Error(`the checkpoint thread exited (${code})`), true)
      done()
    }),
  )
  return {
    async stop() {
      stopping = true
      // Unreferenced, the worker would let the process exit in the middle of this wait.
      worker.ref()
      worker.postMessage('stop')
      await exited
    },
  }
}
