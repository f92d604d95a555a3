import { existsSync } from 'node:fs'
import { isMainThread, workerData } from 'node:worker_threads'
import { runCli } from './cli/run.js'

/** What bin/prefcenter.mjs tells the worker thread an import runs on about the terminal. */
interface Terminal {
  stderrIsTTY?: boolean
  columns?: number
}

/**
 * The `prefcenter` command (and `npm run migrate`): `.env` if present, then one command. An
 * import runs on a worker thread with a capped heap (bin/prefcenter.mjs), whose stderr is a
 * pipe to the terminal: it is marked as the terminal it ends in, so the progress bar draws.
 */
if (existsSync('.env')) process.loadEnvFile('.env')
const terminal = (isMainThread ? undefined : workerData) as Terminal | undefined
if (terminal?.stderrIsTTY)
  Object.assign(process.stderr, { isTTY: true, columns: terminal.columns ?? 80 })
process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: Boolean(process.stderr.isTTY),
})
