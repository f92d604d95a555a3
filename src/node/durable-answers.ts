import { AsyncLocalStorage } from 'node:async_hooks'
import type { WalSync } from './wal-sync.js'

interface Scope {
  /** The highest WAL commit number any query of this request could have seen. */
  seen: number
}

const scopes = new AsyncLocalStorage<Scope>()

/**
 * Called by the SQLite connection before each query: when commits are still waiting for their
 * fsync, the current request may read them, so it must not answer before they are durable
 * (say, a second one-click that finds the list already left and answers 200 with nothing to
 * write: its 200 rests on the first one's change).
 */
export function noteRead(wal: WalSync): void {
  const scope = scopes.getStore()
  if (scope && !wal.idle) scope.seen = Math.max(scope.seen, wal.written)
}

/**
 * Runs `work` (one request) and returns its result only once every commit it may have read is
 * on the disk. Its own writes waited already (the driver's release); this covers what it read.
 *
 * @example serve({ fetch: (request) => answerWhenDurable(wal, () => app.fetch(request)) })
 */
export async function answerWhenDurable<T>(
  wal: WalSync | undefined,
  work: () => Promise<T> | T,
): Promise<T> {
  if (!wal) return work()
  const scope: Scope = { seen: 0 }
  const result = await scopes.run(scope, work)
  if (scope.seen > 0) await wal.durable(scope.seen)
  return result
}
