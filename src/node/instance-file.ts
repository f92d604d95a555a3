import { existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs'

/**
 * Notes the running server next to its SQLite file (`<file>.server`, its pid), so that a second
 * `npm start` on the same file finds the first one alive: SQLite serves both, but the start-up
 * step that frees outbox rows a crashed process left claimed would take the live one's work
 * (an operator review saw a host event delivered twice). Returns the other live server's pid,
 * if any, and `release` for a clean stop.
 *
 * @example const { other, release } = noteInstance('./data/prefcenter.db')
 */
export function noteInstance(databaseFile: string): { other?: number; release: () => void } {
  const file = `${databaseFile}.server`
  const other = readPid(file)
  if (other !== undefined && other !== process.pid && alive(other)) return { other, release() {} }
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 })
  return {
    release() {
      if (readPid(file) === process.pid) unlinkSync(file)
    },
  }
}

function readPid(file: string): number | undefined {
  if (!existsSync(file)) return undefined
  const pid = Number.parseInt(readFileSync(file, 'utf8'), 10)
  return Number.isInteger(pid) && pid > 0 ? pid : undefined
}

/** Whether a process with this pid runs (EPERM: it runs, as another user). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
