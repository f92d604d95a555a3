import { rmSync } from 'node:fs'
import { join } from 'node:path'
import SQLite from 'better-sqlite3'

/**
 * The disk's rate of fsynced single-row commits: better-sqlite3 in WAL with synchronous=FULL
 * (the service's own durability setting), one INSERT per transaction, for `ms` milliseconds, in
 * `dir` (the folder that holds the bench databases, so the same disk).
 *
 * @example const perSecond = diskCommitRate('/var/tmp/bench', 3000)
 */
export function diskCommitRate(dir: string, ms: number): number {
  const path = join(dir, 'fsync-probe.db')
  const db = new SQLite(path)
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = FULL')
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)')
  const insert = db.prepare('INSERT INTO t (v) VALUES (?)')
  for (let i = 0; i < 50; i++) insert.run(`warm-${i}`)
  let count = 0
  const start = performance.now()
  while (performance.now() - start < ms) {
    insert.run(`row-${count}`)
    count++
  }
  const perSecond = (count * 1000) / (performance.now() - start)
  db.close()
  for (const suffix of ['', '-wal', '-shm']) rmSync(path + suffix, { force: true })
  return perSecond
}
