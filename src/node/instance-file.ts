import { existsSync, readFileSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs'

/**
 * Notes the running server next to its SQLite file (`<file>.server`, its pid), so that a second
 * `npm start` on the same file finds the first one alive: SQLite serves both, but the start-up
 * step that frees outbox rows a crashed process left claimed would take the live one's work
 * (an operator review saw a host event delivered twice). The live server renews the note's time
 * (`beat`, every few seconds): a note left by a crash whose pid now belongs to another process
 * (a container's pid 1) goes stale and is taken over. Returns the other live server's pid, if
 * any, `beat`, and `release` for a clean stop.
 *
 * @example const { other, beat, release } = noteInstance('./data/prefcenter.db')
 */
export function noteInstance(databaseFile: string): {
  other?: number
  beat: () => void
  release: () => void
} {
  const file = `${databaseFile}.server`
  const other = readPid(file)
  if (other !== undefined && other !== process.pid && alive(other) && fresh(file))
    return { other, beat() {}, release() {} }
  writeFileSync(file, `${process.pid}\n`, { mode: 0o600 })
  const mine = () => readPid(file) === process.pid
  return {
    beat() {
      try {
        if (mine()) utimesSync(file, new Date(), new Date())
      } catch {
        // The folder went away or turned read-only: the next start decides by the pid alone.
      }
    },
    release() {
      if (mine()) unlinkSync(file)
    },
  }
}

/** How often the live server renews its note, and how old a note may be and still count. */
export const INSTANCE_BEAT_MS = 5_000
const STALE_AFTER_MS = 4 * INSTANCE_BEAT_MS

function fresh(file: string): boolean {
  try {
    return Date.now() - statSync(file).mtimeMs < STALE_AFTER_MS
  } catch {
    return false
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
