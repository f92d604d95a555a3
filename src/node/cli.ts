import { existsSync } from 'node:fs'
import { runCli } from './cli/run.js'

/** The `prefcenter` command (and `npm run migrate`): `.env` if present, then one command. */
if (existsSync('.env')) process.loadEnvFile('.env')
process.exitCode = await runCli(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  stderrIsTTY: Boolean(process.stderr.isTTY),
})
