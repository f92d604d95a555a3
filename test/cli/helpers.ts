import { PassThrough } from 'node:stream'
import { runCli } from '../../src/node/cli/run.js'
import { TEST_KEYS } from '../support/test-app.js'

/** Runs the CLI in-process against a database file; returns exit code and both outputs. */
export async function cli(databaseFile: string, ...argv: string[]) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out: string[] = []
  const err: string[] = []
  stdout.on('data', (chunk) => out.push(String(chunk)))
  stderr.on('data', (chunk) => err.push(String(chunk)))
  const code = await runCli(
    argv,
    { DATABASE_URL: `sqlite:${databaseFile}`, SIGNING_KEYS: TEST_KEYS, LOG_LEVEL: 'silent' },
    { stdout, stderr, stderrIsTTY: false },
  )
  return { code, stdout: out.join(''), stderr: err.join('') }
}
