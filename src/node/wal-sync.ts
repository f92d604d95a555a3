import { fsync, open, close } from 'node:fs'

/** How the barrier flushes the WAL file to the disk; Node's `fs.fsync` unless a test watches it. */
export type SyncFile = (fd: number, done: (error: Error | null) => void) => void

/**
 * Group commit for SQLite in WAL mode. The connection runs with `synchronous = NORMAL`, so a
 * COMMIT only writes its frames to the WAL file (no fsync, the event loop never waits for the
 * disk); each commit then asks `durable()`, which resolves once an `fsync` of the WAL file that
 * started AFTER that commit has completed. One fsync, on libuv's thread pool, covers every commit
 * made before it started, so concurrent changes share one disk flush and each is still answered
 * only after its frames are on the disk: the guarantee of `synchronous = FULL`, paid once per
 * group instead of once per commit. (A checkpoint in NORMAL mode syncs the WAL before copying it
 * and the database after, and the WAL header is synced when the WAL restarts.)
 *
 * @example
 * const barrier = new WalSync(`${path}-wal`)
 * barrier.committed()
 * await barrier.durable() // the commit above is on the disk
 */
export class WalSync {
  #written = 0
  #synced = 0
  #flush: Promise<void> | undefined
  #fd: number | undefined
  /** A failed fsync leaves the WAL's state on the disk unknown: nothing is acknowledged after it. */
  #failed: Error | undefined
  readonly #path: string
  readonly #sync: SyncFile

  constructor(walPath: string, sync: SyncFile = fsync) {
    this.#path = walPath
    this.#sync = sync
  }

  /** Records that a transaction (or an autocommit write) has just committed; its number. */
  committed(): number {
    return ++this.#written
  }

  /** Whether every commit so far is on the disk already. */
  get idle(): boolean {
    return this.#synced === this.#written
  }

  /** How many commits there have been: an answer waits until this many are on the disk. */
  get written(): number {
    return this.#written
  }

  /**
   * Resolves when the first `target` commits (default: every commit so far) are on the disk.
   * Readers wait too (see `answerWhenDurable`): whoever read a change must not answer before
   * that change is durable.
   */
  async durable(target = this.#written): Promise<void> {
    while (this.#synced < target) {
      if (this.#failed) throw this.#failed
      this.#flush ??= this.#flushOnce().finally(() => {
        this.#flush = undefined
      })
      await this.#flush
    }
  }

  /** Closes the WAL file descriptor (the database is closing). */
  close(): void {
    if (this.#fd !== undefined) close(this.#fd, () => undefined)
    this.#fd = undefined
  }

  async #flushOnce(): Promise<void> {
    // Everything written before the fsync starts is covered by it.
    const target = this.#written
    if (this.#fd === undefined)
      this.#fd = await new Promise<number>((resolve, reject) =>
        open(this.#path, 'r', (error, fd) => (error ? reject(error) : resolve(fd))),
      )
    const fd = this.#fd
    await new Promise<void>((resolve, reject) =>
      this.#sync(fd, (error) => {
        // Retrying an fsync that failed may "succeed" with the pages already dropped (the
        // PostgreSQL fsync lesson of 2018): stop acknowledging until the process restarts.
        if (error) this.#failed = new Error(`fsync of the SQLite WAL failed: ${error.message}`)
        return error ? reject(this.#failed) : resolve()
      }),
    )
    this.#synced = Math.max(this.#synced, target)
  }
}
