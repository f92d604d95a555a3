import { spawn } from 'node:child_process'
import { createWriteStream, readFileSync } from 'node:fs'
import { once } from 'node:events'
import { join } from 'node:path'
import { ROOT } from './server.js'

export interface ImportRate {
  rows: number
  seconds: number
  perSecond: number
  /** Peak resident set of the import process (VmHWM), in MB. */
  peakMb: number
  exitCode: number | null
  output: string
}

/**
 * Writes a CSV of `rows` rows (two lists a contact: newsletter with its consent evidence, and
 * call-reports), the shape an operator migrating from another tool would have.
 */
export async function writeImportCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path)
  out.write('email,list,status,consent_source,consent_text,consent_at,consent_ip,name,locale\n')
  const at = new Date('2025-06-01T12:00:00Z').getTime()
  for (let i = 0; i < rows; i++) {
    const contact = i >> 1
    const line =
      i % 2 === 0
        ? `person${contact}@import.example.com,newsletter,subscribed,old-signup-form,"Yes, send me the newsletter",${at + contact},192.0.2.${contact % 250},Person ${contact},en\n`
        : `person${contact}@import.example.com,call-reports,subscribed,,,,,Person ${contact},en\n`
    if (!out.write(line)) await once(out, 'drain')
  }
  out.end()
  await once(out, 'finish')
}

/**
 * Runs `prefcenter import <file>` as its own process against `databaseUrl` and measures the
 * wall time and the peak RSS (polled from /proc, VmHWM: the kernel's high-water mark).
 *
 * @example const rate = await importRate(file, 'sqlite:/tmp/x.db', 100_000, env)
 */
export async function importRate(
  file: string,
  databaseUrl: string,
  rows: number,
  env: Record<string, string>,
): Promise<ImportRate> {
  const start = performance.now()
  const child = spawn(process.execPath, [join(ROOT, 'bin/prefcenter.mjs'), 'import', file], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env, DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000))
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  let peakKb = 0
  const poll = setInterval(() => {
    try {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      const match = /VmHWM:\s+(\d+) kB/.exec(status)
      if (match) peakKb = Math.max(peakKb, Number(match[1]))
    } catch {
      // The process has just exited.
    }
  }, 50)
  const [exitCode] = (await once(child, 'exit')) as [number | null]
  clearInterval(poll)
  const seconds = (performance.now() - start) / 1000
  return { rows, seconds, perSecond: rows / seconds, peakMb: peakKb / 1024, exitCode, output }
}
