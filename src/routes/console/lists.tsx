/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { toAppError } from '../../app.js'
import { audit } from '../../domain/admin/audit.js'
import {
  createList,
  deletableList,
  deleteList,
  toListJson,
  updateList,
} from '../../domain/admin/lists.js'
import { AppError } from '../../errors.js'
import { t } from '../../i18n/messages.js'
import { findList, findLists } from '../../repos/lists.js'
import type { ListRow } from '../../db/schema.js'
import { ConsoleConfirmPage } from '../../../views/console/confirm-page.js'
import {
  type FormProblem,
  ListEditPage,
  type ListValues,
  ListsPage,
} from '../../../views/console/lists-page.js'
import type { ConsoleEnv } from './console-env.js'
import { NewListForm, ListForm, ListId } from './form-schemas.js'
import { consoleForm, requireWrite } from './guards.js'

/** Lists: see, create, edit, reorder, archive, delete (only a list nobody was ever on). */
export const listRoutes = new Hono<ConsoleEnv>()

const notices = {
  created: 'console.lists.created',
  saved: 'console.lists.saved',
  deleted: 'console.lists.deleted',
  done: 'console.done',
} as const

function listId(raw: string): string {
  const parsed = ListId.safeParse(raw)
  if (!parsed.success) throw new AppError('not_found', 'No list with that id')
  return parsed.data
}

listRoutes.get('/lists', async (c) => {
  const lists = await findLists(c.get('deps').db, { includeArchived: true })
  const done = c.req.query('done') as keyof typeof notices | undefined
  const locale = c.get('locale')
  return c.render(
    <ListsPage
      locale={locale}
      session={c.var.session}
      lists={lists.map(toListJson)}
      notice={done && done in notices ? t(locale, notices[done]) : undefined}
    />,
  )
})

/**
 * What a refused list form held, to show it again as typed (a value the form cannot hold, such
 * as an unknown legal basis, falls back to the form's own default).
 */
function typedValues(body: Record<string, string | File>): ListValues {
  const text = (name: string) => {
    const value = body[name]
    return typeof value === 'string' ? value : ''
  }
  const basis = text('legal_basis')
  return {
    id: text('id'),
    name: text('name'),
    description: text('description'),
    legal_basis: basis === 'legitimate_interest' || basis === 'contract' ? basis : 'consent',
    public: body.public !== undefined,
    double_opt_in: body.double_opt_in !== undefined,
    cancels_account: body.cancels_account !== undefined,
    synced: body.synced !== undefined,
  }
}

/** A refusal the person can fix (bad input, a taken id): anything else stays an error page. */
function fixable(error: unknown): { problem: FormProblem; status: ContentfulStatusCode } | null {
  const appError = toAppError(error)
  if (appError.status >= 500) return null
  const field = (appError.details as { field?: unknown } | undefined)?.field
  return {
    problem: { message: appError.message, field: typeof field === 'string' ? field : undefined },
    status: appError.status as ContentfulStatusCode,
  }
}

listRoutes.post('/lists', requireWrite, async (c) => {
  const deps = c.get('deps')
  const body = await consoleForm(c)
  try {
    const { id, ...input } = NewListForm.parse(body)
    await createList(deps, id, input)
    await audit(deps, c.var.session.actor, 'list.create', id, { name: input.name })
  } catch (error) {
    const refusal = fixable(error)
    if (!refusal) throw error
    const lists = await findLists(deps.db, { includeArchived: true })
    return c.render(
      <ListsPage
        locale={c.get('locale')}
        session={c.var.session}
        lists={lists.map(toListJson)}
        refused={{ values: typedValues(body), problem: refusal.problem }}
      />,
      refusal.status,
    )
  }
  return c.redirect('/admin/lists?done=created', 303)
})

listRoutes.get('/lists/:id', async (c) => {
  const list = await findList(c.get('deps').db, listId(c.req.param('id')))
  if (!list) throw new AppError('not_found', 'No list with that id')
  return c.render(
    <ListEditPage locale={c.get('locale')} session={c.var.session} list={toListJson(list)} />,
  )
})

listRoutes.post('/lists/:id', requireWrite, async (c) => {
  const deps = c.get('deps')
  const id = listId(c.req.param('id'))
  const body = await consoleForm(c)
  const parsed = ListForm.safeParse(body)
  if (!parsed.success) {
    const list = await findList(deps.db, id)
    if (!list) throw new AppError('not_found', 'No list with that id')
    const refusal = fixable(parsed.error)!
    return c.render(
      <ListEditPage
        locale={c.get('locale')}
        session={c.var.session}
        list={toListJson(list)}
        refused={{ values: typedValues(body), problem: refusal.problem }}
      />,
      refusal.status,
    )
  }
  await updateList(deps, id, parsed.data)
  await audit(deps, c.var.session.actor, 'list.update', id, parsed.data)
  return c.redirect('/admin/lists?done=saved', 303)
})

listRoutes.post('/lists/:id/archive', requireWrite, async (c) => {
  const deps = c.get('deps')
  const id = listId(c.req.param('id'))
  const archived = (await consoleForm(c)).archived !== '0'
  await updateList(deps, id, { archived })
  await audit(deps, c.var.session.actor, archived ? 'list.archive' : 'list.restore', id)
  return c.redirect('/admin/lists?done=saved', 303)
})

listRoutes.post('/lists/:id/move', requireWrite, async (c) => {
  const deps = c.get('deps')
  const id = listId(c.req.param('id'))
  const direction = (await consoleForm(c)).direction === 'up' ? -1 : 1
  const lists = await findLists(deps.db, { includeArchived: true })
  const index = lists.findIndex((list) => list.id === id)
  const other = lists[index + direction]
  if (index === -1) throw new AppError('not_found', 'No list with that id')
  if (other) {
    // Renumber the whole order first, so two lists with the same position still swap.
    for (const [position, list] of lists.entries())
      if (list.position !== position + 1)
        await updateList(deps, list.id, { position: position + 1 })
    await updateList(deps, id, { position: index + direction + 1 })
    await updateList(deps, other.id, { position: index + 1 })
    await audit(deps, c.var.session.actor, 'list.move', id, { direction })
  }
  return c.redirect('/admin/lists?done=saved', 303)
})

listRoutes.post('/lists/:id/delete', requireWrite, async (c) => {
  const deps = c.get('deps')
  const id = listId(c.req.param('id'))
  const form = await consoleForm(c)
  const locale = c.get('locale')
  let list: ListRow
  try {
    list = await deletableList(deps, id)
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'conflict') throw error
    // The lists page again, with the way out (archive) on it: not a dead-end error page.
    const lists = await findLists(deps.db, { includeArchived: true })
    const name = lists.find((candidate) => candidate.id === id)?.name ?? id
    return c.render(
      <ListsPage
        locale={locale}
        session={c.var.session}
        lists={lists.map(toListJson)}
        error={t(locale, 'console.lists.delete_refused', { list: name })}
      />,
      409,
    )
  }
  if (form.confirm !== 'yes') {
    // Deleting cannot be undone: a second step.
    return c.render(
      <ConsoleConfirmPage
        locale={locale}
        session={c.var.session}
        title={t(locale, 'console.lists.delete_title', { list: list.name })}
        consequence={t(locale, 'console.lists.delete_consequence')}
        action={`/admin/lists/${id}/delete`}
        button={t(locale, 'console.lists.delete', { list: list.name })}
        backHref="/admin/lists"
      />,
    )
  }
  await deleteList(deps, id)
  await audit(deps, c.var.session.actor, 'list.delete', id)
  return c.redirect('/admin/lists?done=deleted', 303)
})
