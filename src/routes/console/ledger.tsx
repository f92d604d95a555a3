/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import type { Context } from 'hono'
import { z } from 'zod'
import { ledgerCsv } from '../../domain/ledger/ledger-csv.js'
import { ledgerPage } from '../../domain/ledger/ledger-page.js'
import { findLists } from '../../repos/lists.js'
import { LedgerPage, ledgerSources } from '../../../views/console/ledger-page.js'
import { validationError } from '../../http/validation-error.js'
import type { ConsoleEnv } from './console-env.js'

const DAY_MS = 86_400_000
const date = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'dates are YYYY-MM-DD')
  .refine((text) => Number.isFinite(Date.parse(`${text}T00:00:00Z`)), 'not a date')
  .or(z.literal(''))
  .default('')

const Filter = z.object({
  list: z.string().max(64).default(''),
  source: z.enum(ledgerSources).or(z.literal('')).default(''),
  from: date,
  to: date,
  cursor: z.string().max(200).optional(),
})

/** The ledger filter of a request, as the use-case takes it (dates are whole UTC days). */
function filterOf(c: Context<ConsoleEnv>) {
  const form = Filter.parse(c.req.query())
  const query = {
    ...(form.list ? { list: form.list } : {}),
    ...(form.source ? { source: form.source } : {}),
    ...(form.from ? { fromMs: Date.parse(`${form.from}T00:00:00Z`) } : {}),
    ...(form.to ? { toMs: Date.parse(`${form.to}T00:00:00Z`) + DAY_MS - 1 } : {}),
  }
  return { form, query }
}

/** The consent ledger: filter by list, source and dates; download the same as CSV. */
export const ledgerRoutes = new Hono<ConsoleEnv>()

ledgerRoutes.get('/ledger', async (c) => {
  const deps = c.get('deps')
  const checked = Filter.safeParse(c.req.query())
  if (!checked.success) {
    // A filter that cannot be used: the page again, as typed, the problem on its field.
    const problem = validationError(checked.error)
    const field = String((problem.details as { field?: unknown } | undefined)?.field ?? '')
    const typed = (name: string) => (c.req.query(name) ?? '').slice(0, 64)
    const lists = await findLists(deps.db, { includeArchived: true })
    return c.render(
      <LedgerPage
        locale={c.get('locale')}
        session={c.var.session}
        filter={{
          list: typed('list'),
          source: typed('source'),
          from: typed('from'),
          to: typed('to'),
        }}
        lists={lists.map((list) => list.id)}
        events={[]}
        next={null}
        problem={{ field, message: problem.message }}
      />,
      400,
    )
  }
  const { form, query } = filterOf(c)
  const [page, lists] = await Promise.all([
    ledgerPage(deps, { ...query, limit: 50, ...(form.cursor ? { cursor: form.cursor } : {}) }),
    findLists(deps.db, { includeArchived: true }),
  ])
  return c.render(
    <LedgerPage
      locale={c.get('locale')}
      session={c.var.session}
      filter={{ list: form.list, source: form.source, from: form.from, to: form.to }}
      lists={lists.map((list) => list.id)}
      events={page.events}
      next={page.next_cursor}
    />,
  )
})

ledgerRoutes.get('/ledger.csv', async (c) => {
  const { query } = filterOf(c)
  const csv = await ledgerCsv(c.get('deps'), query)
  const day = new Date(c.get('deps').now()).toISOString().slice(0, 10)
  c.header('Content-Type', 'text/csv; charset=utf-8')
  c.header('Content-Disposition', `attachment; filename="prefcenter-ledger-${day}.csv"`)
  return c.body(csv)
})
