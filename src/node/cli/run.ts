import { parseArgs } from 'node:util'
import { ConfigError, type Env } from '../../config.js'
import { migrate } from '../../db/migrate.js'
import { createApiKey, listApiKeys, revokeApiKey } from '../../domain/admin/api-keys.js'
import { AppError } from '../../errors.js'
import { buildNodeDeps } from '../deps.js'
import { readMigrations } from '../migrations.js'
import { exportCommand } from './export-command.js'
import { importCommand } from './import-command.js'
import type { CliIo } from './io.js'

export const USAGE = `Usage: prefcenter <command>

  migrate                                   apply pending database migrations
  keys create --name <name> --scope read|write
                                            create an API key (printed once, stored as a hash)
  keys list                                 list API keys (never the keys themselves)
  keys revoke <id>                          revoke an API key at once
  import <file> [--format csv|ndjson] [--dry-run] [--report rejected.csv]
                                            import subscriptions (columns: email, list, status,
                                            consent_source, consent_text, consent_at, consent_ip,
                                            name, locale, updated_at)
  export [--format csv|ndjson] [--out <file>]
                                            export every subscription (to stdout without --out)

Configuration comes from the environment and .env (DATABASE_URL, SIGNING_KEYS, ...).`

class UsageError extends Error {}

const COMMANDS = ['migrate', 'keys', 'import', 'export']

/** What is wrong with the command line, checked before the database is opened; or nothing. */
function usageProblem(
  command: string,
  sub: string | undefined,
  arg: string | undefined,
  values: { name?: string | undefined; scope?: string | undefined },
): string | undefined {
  if (!COMMANDS.includes(command)) return `unknown command: ${command.slice(0, 40)}`
  if (command === 'keys') {
    if (sub !== 'create' && sub !== 'list' && sub !== 'revoke')
      return 'keys needs create, list or revoke'
    if (sub === 'create' && (!values.name || (values.scope !== 'read' && values.scope !== 'write')))
      return 'keys create needs --name <name> and --scope read|write'
    if (sub === 'revoke' && !arg) return 'keys revoke needs the key id (see keys list)'
  }
  if (command === 'import' && !sub) return 'import needs a file'
  return undefined
}

const line = (stream: NodeJS.WritableStream, text: string) => stream.write(`${text}\n`)

/**
 * Runs one CLI command and returns the exit code: 0 done, 1 failed, 2 wrong usage.
 *
 * @example process.exitCode = await runCli(process.argv.slice(2), process.env, io)
 */
export async function runCli(argv: string[], env: Env, io: CliIo): Promise<number> {
  // biome-ignore lint/suspicious/noImplicitAnyLet: the type is parseArgs' inferred result, assigned in the try below
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        name: { type: 'string' },
        scope: { type: 'string' },
        format: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        report: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (error) {
    line(io.stderr, `${(error as Error).message}\n\n${USAGE}`)
    return 2
  }
  const { values, positionals } = parsed
  const [command, sub, arg] = positionals
  if (values.help || !command) {
    line(values.help ? io.stdout : io.stderr, USAGE)
    return values.help ? 0 : 2
  }
  // Before anything opens the database: a typo (`prefcenter exprot`) must not create or migrate
  // one (an operator review).
  const problem = usageProblem(command, sub, arg, values)
  if (problem) {
    line(io.stderr, `${problem}\n\n${USAGE}`)
    return 2
  }
  let close: (() => Promise<void>) | undefined
  try {
    const built = await buildNodeDeps(env, {
      migrate: command !== 'migrate',
      bulkWrites: command === 'import',
    })
    close = built.close
    const deps = built.deps
    switch (command) {
      case 'migrate': {
        const ran = await migrate(deps.db, await readMigrations())
        line(io.stdout, ran.length > 0 ? `Applied: ${ran.join(', ')}` : 'Database is up to date.')
        return 0
      }
      case 'keys': {
        if (sub === 'create') {
          const key = await createApiKey(deps, {
            name: values.name!,
            scope: values.scope as 'read' | 'write',
          })
          line(
            io.stderr,
            `Created API key ${key.id} (${key.scope}) "${key.name}". It is shown once; store it now:`,
          )
          line(io.stdout, key.key)
          return 0
        }
        if (sub === 'list') {
          const keys = await listApiKeys(deps)
          line(io.stdout, ['id', 'scope', 'status', 'created', 'last used', 'name'].join('\t'))
          for (const key of keys) {
            const iso = (ms: number | null) =>
              ms === null ? '-' : new Date(Number(ms)).toISOString()
            line(
              io.stdout,
              [
                key.id,
                key.scope,
                key.revoked_at === null ? 'active' : `revoked ${iso(key.revoked_at)}`,
                iso(key.created_at),
                iso(key.last_used_at),
                key.name,
              ].join('\t'),
            )
          }
          return 0
        }
        if (sub === 'revoke') {
          await revokeApiKey(deps, arg!)
          line(io.stdout, `Revoked ${arg}.`)
          return 0
        }
        throw new UsageError('keys needs create, list or revoke')
      }
      case 'import': {
        const summary = await importCommand(
          deps,
          {
            file: sub!,
            dryRun: values['dry-run'] ?? false,
            ...(values.format ? { format: values.format } : {}),
            ...(values.report ? { report: values.report } : {}),
          },
          io,
        )
        line(
          io.stdout,
          `${summary.dryRun ? 'Dry run, nothing written. ' : ''}Records: ${summary.records}, accepted: ${summary.accepted} ` +
            `(changed: ${summary.changed}, unchanged: ${summary.unchanged}), rejected: ${summary.rejected}, new contacts: ${summary.contactsCreated}` +
            (summary.rejected > 0
              ? values.report
                ? `. Rejected rows: ${values.report}`
                : '. Add --report rejected.csv to see which rows and why'
              : ''),
        )
        return 0
      }
      case 'export': {
        const count = await exportCommand(
          deps,
          {
            ...(values.format ? { format: values.format } : {}),
            ...(values.out ? { out: values.out } : {}),
          },
          io,
        )
        line(io.stderr, `Exported ${count} subscriptions${values.out ? ` to ${values.out}` : ''}.`)
        return 0
      }
      default:
        throw new UsageError(`unknown command: ${command.slice(0, 40)}`)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      line(io.stderr, `${error.message}\n\n${USAGE}`)
      return 2
    }
    const message =
      error instanceof ConfigError || error instanceof AppError
        ? error.message
        : error instanceof Error
          ? error.message
          : String(error)
    line(io.stderr, `prefcenter ${command}: ${message}`)
    return 1
  } finally {
    await close?.()
  }
}
