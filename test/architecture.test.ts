import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

// README: "src/repos/ is the only code that writes SQL" (src/db/ holds the engine plumbing:
// dialects, migrations, locks). This test keeps it true: a query built anywhere else fails here.

const ROOT = join(import.meta.dirname, '..')

/**
 * Files outside src/repos/ and src/db/ that may still build queries, each with its reason.
 * Only the Mailchimp sync store is left: its queries move into src/repos/ on the Mailchimp
 * branch, and this list is then emptied (an entry that no longer builds a query fails below).
 */
/** Files allowed to build queries outside src/repos/ and src/db/ for a while: none today. */
const ALLOWED = new Set<string>([])

/**
 * Engine plumbing that is Node-only and so lives in src/node/ rather than src/db/ (the core must
 * run on workerd): the SQLite driver issues its own begin/commit/savepoint statements.
 */
const NODE_ENGINE_PLUMBING = new Set<string>(['src/node/sqlite-driver.ts'])

const QUERY_PATTERNS: [string, RegExp][] = [
  [
    'a Kysely query builder',
    /\.(selectFrom|insertInto|replaceInto|updateTable|deleteFrom|mergeInto|selectNoFrom)\s*\(/,
  ],
  ['raw SQL (the sql tag)', /\bsql\s*(`|<|\.(raw|ref|lit|id|join|table|val)\b)/],
  ['a compiled query', /\b(executeQuery|CompiledQuery)\b/],
  ['a SQL string', /['"`]\s*(SELECT|INSERT INTO|UPDATE|DELETE FROM)\s+\w/],
]

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return sourceFiles(path)
    return /\.(ts|tsx)$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [path] : []
  })
}

/** What in `text` builds a query, by pattern name; comments are left out. */
function queriesIn(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '')
  return QUERY_PATTERNS.filter(([, pattern]) => pattern.test(code)).map(([name]) => name)
}

const files = [...sourceFiles('src'), ...sourceFiles('views')].map((path) =>
  relative(ROOT, join(ROOT, path)),
)
const outside = files.filter((path) => !/^src\/(repos|db)\//.test(path))

describe('SQL lives only in src/repos/ (and src/db/ for engine plumbing)', () => {
  it('no file outside them builds a query', () => {
    const offenders = outside
      .filter((path) => !ALLOWED.has(path) && !NODE_ENGINE_PLUMBING.has(path))
      .flatMap((path) =>
        queriesIn(readFileSync(join(ROOT, path), 'utf8')).map((what) => `${path}: ${what}`),
      )
    expect(offenders).toEqual([])
  })

  it('every allow-listed file still builds a query (else it leaves the list)', () => {
    for (const path of ALLOWED)
      expect(queriesIn(readFileSync(join(ROOT, path), 'utf8')), path).not.toEqual([])
  })

  it('recognises each way of building a query, and not prose about one', () => {
    expect(queriesIn("await db.selectFrom('contacts').selectAll().execute()")).toEqual([
      'a Kysely query builder',
    ])
    expect(queriesIn('await trx\n  .deleteFrom("contacts")')).toEqual(['a Kysely query builder'])
    expect(queriesIn('const day = sql<number>`occurred_at / 86400000`')).toEqual([
      'raw SQL (the sql tag)',
    ])
    expect(queriesIn('await sql`select 1`.execute(db)')).toEqual(['raw SQL (the sql tag)'])
    expect(queriesIn("db.executeQuery(CompiledQuery.raw('select 1'))")).toContain(
      'a compiled query',
    )
    expect(queriesIn("await d1.prepare('SELECT id FROM contacts').all()")).toEqual(['a SQL string'])
    expect(queriesIn('// db.selectFrom(x) in a comment\n/** sql`x` */')).toEqual([])
  })
})

describe('routes and views read domain values, not 0/1 flags', () => {
  it('no `=== 1` / `=== 0` on a row flag, and no `? 1 : 0`, in src/routes/ or views/', () => {
    const flags =
      /\.(public|double_opt_in|cancels_account|synced|archived|restricted|complained)\s*[!=]==\s*[01]\b/
    const offenders = files
      .filter((path) => /^(src\/routes|views)\//.test(path))
      .filter((path) => {
        const text = readFileSync(join(ROOT, path), 'utf8')
        return flags.test(text) || /\?\s*1\s*:\s*0\b/.test(text)
      })
    expect(offenders).toEqual([])
  })
})
