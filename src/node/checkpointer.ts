import { createRequire } from 'node:module'
import { Worker } from 'node:worker_threads'

/**
 * Copies the WAL back into the database file on a worker thread of its own, so the server's
 * event loop never does it. SQLite's automatic checkpoint runs inside the COMMIT that crosses
 * the threshold: every thousand pages, one commit copied them and fsynced the WAL and the
 * database file on the event loop (2-8 ms under load, while every other request waited:
 * issue 12).
 *
 * The worker holds its own connection. Every `intervalMs` it reads how many frames the WAL
 * holds from the wal-index header (`mxFrame`, offset 16 of the `-shm` file:
 * https://www.sqlite.org/walformat.html) and, once they reach `thresholdFrames` (SQLite's own
 * default, 1,000), runs a PASSIVE checkpoint: it never blocks a writer or a reader. The cadence
 * is SQLite's own, so the WAL's restart (whose header the next COMMIT syncs) comes no more
 * often than before. An idle server reads 48 bytes a tick.
 *
 * The caller keeps a high `wal_autocheckpoint` as a safety net and restores the default when
 * `onError` reports the worker gone. Durability is untouched: every commit is made durable by
 * `WalSync` before any answer, and a checkpoint only moves pages already in the WAL (it syncs
 * the WAL before copying and the database file before the WAL may restart).
 *
 * @example const checkpointer = startCheckpointer('./data/prefcenter.db', { onError }); …; await checkpointer.stop()
 */
export interface Checkpointer {
  /** Resolves once the worker ran its last checkpoint and closed its connection. */
  stop(): Promise<void>
}

export interface CheckpointerOptions {
  intervalMs?: number
  thresholdFrames?: number
  /** A checkpoint failed (`stopped: false`: the worker goes on) or the worker is gone. */
  onError?: (error: Error, stopped: boolean) => void
  /** The better-sqlite3 module the worker loads (tests name a missing one). */
  driver?: string
}

// CommonJS, evaluated in the worker: a file of its own would not survive bundling.
const WORKER_SOURCE = `
const { closeSync, openSync, readSync } = require('node:fs')
const { endianness } = require('node:os')
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
const header = Buffer.alloc(48)
const frames = () => {
  let fd
  try {
    fd = openSync(workerData.path + '-shm', 'r')
    if (readSync(fd, header, 0, 48, 0) < 48) return 0
    // The wal-index is in the machine's own byte order.
    return endianness() === 'LE' ? header.readUInt32LE(16) : header.readUInt32BE(16)
  } catch {
    return 0
  } finally {
    if (fd !== undefined) closeSync(fd)
  }
}
const run = (always) => {
  try {
    if (always || frames() >= workerData.thresholdFrames) db.pragma('wal_checkpoint(PASSIVE)')
  } catch (error) {
    parentPort.postMessage(String(error && error.message))
  }
}
const timer = setInterval(() => run(false), workerData.intervalMs)
parentPort.on('message', () => {
  clearInterval(timer)
  run(true)
  db.close()
  parentPort.close()
})
`

export function startCheckpointer(path: string, options: CheckpointerOptions = {}): Checkpointer {
  const driver = options.driver ?? createRequire(import.meta.url).resolve('better-sqlite3')
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      path,
      driver,
      intervalMs: options.intervalMs ?? 100,
      thresholdFrames: options.thresholdFrames ?? 1000,
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
      worker.postMessage('stop')
      await exited
    },
  }
}
