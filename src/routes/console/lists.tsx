/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import { audit } from '../../domain/admin/audit.js'
import { createList, deleteList, toListJson, updateList } from '../../domain/admin/lists.js'
import { AppError } from '../../errors.js'
import { t } from '../../i18n/messages.js'
import { findList, findLists } from '../../repos/lists.js'
import { ListEditPage, ListsPage } from '../../../views/console/lists-page.js'
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

listRoutes.post('/lists', requireWrite, async (c) => {
  const deps = c.get('deps')
  const { id, ...input } = NewListForm.parse(await consoleForm(c))
  await createList(deps, id, input)
  await audit(deps, c.var.session.actor, 'list.create', id, { name: input.name })
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
  const input = ListForm.parse(await consoleForm(c))
  await updateList(deps, id, input)
  await audit(deps, c.var.session.actor, 'list.update', id, input)
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
  await deleteList(deps, id)
  await audit(deps, c.var.session.actor, 'list.delete', id)
  return c.redirect('/admin/lists?done=deleted', 303)
})
