import { readdirSync, readFileSync } from 'node:fs'

/** Clock ticks per second of /proc's utime and stime (USER_HZ, 100 on Linux). */
const TICKS = 100

/**
 * CPU milliseconds (user + system) used so far by `pid` and every process under it (npm start
 * runs tsx, which runs node), from /proc. On a machine shared with other work this is the
 * steadier figure: what one request costs, not how many fit in a busy second.
 *
 * @example const before = treeCpuMs(server.pid); ...; const spent = treeCpuMs(server.pid) - before
 */
export function treeCpuMs(pid: number): number {
  const stats = new Map<number, { parent: number; ticks: number }>()
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const text = readFileSync(`/proc/${entry}/stat`, 'utf8')
      // Fields after the command name (which may hold spaces) in parentheses.
      const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
      stats.set(Number(entry), {
        parent: Number(fields[1]),
        ticks: Number(fields[11]) + Number(fields[12]),
      })
    } catch {
      // The process ended while we read.
    }
  }
  let ticks = 0
  const pending = [pid]
  while (pending.length > 0) {
    const current = pending.pop()!
    ticks += stats.get(current)?.ticks ?? 0
    for (const [child, stat] of stats) if (stat.parent === current) pending.push(child)
  }
  return (ticks * 1000) / TICKS
}
