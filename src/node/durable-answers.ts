import type { WalSync } from './wal-sync.js'

/**
 * Runs `work` (one request) and returns its result only once every commit made before it
 * finished is on the disk. Its own writes waited already (the driver's release); this covers
 * what it may have read: a second one-click that finds the list already left answers 200 with
 * nothing to write, and that 200 rests on the first one's change.
 *
 * Waiting for every commit so far, rather than tracking which ones the request read, costs a
 * reader at most one fsync while writes are under way, and nothing when none are; tracking
 * reads per request needed AsyncLocalStorage, whose promise hooks cost every request more.
 *
 * @example serve({ fetch: (request) => answerWhenDurable(wal, () => app.fetch(request)) })
 */
export async function answerWhenDurable<T>(
  wal: WalSync | undefined,
  work: () => Promise<T> | T,
): Promise<T> {
  const result = await work()
  if (wal && !wal.idle) await wal.durable(wal.written)
  return result
}
