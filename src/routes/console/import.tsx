/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import { applyImport, checkImport, readImport } from '../../domain/admin/console-import.js'
import { AppError } from '../../errors.js'
import { t } from '../../i18n/messages.js'
import { ImportPage, ImportReportPage } from '../../../views/console/import-page.js'
import type { ConsoleEnv } from './console-env.js'
import { consoleForm, requireWrite } from './guards.js'

/** Import: upload a CSV, read the dry-run report, apply it (the CLI's import use-case). */
export const importRoutes = new Hono<ConsoleEnv>()

const importId = (raw: string) => {
  if (!/^[0-9a-z]{13}[A-Za-z0-9_-]{1,20}$/.test(raw))
    throw new AppError('not_found', 'No import with that id')
  return raw
}

importRoutes.get('/import', (c) =>
  c.render(<ImportPage locale={c.get('locale')} session={c.var.session} />),
)

importRoutes.post('/import', requireWrite, async (c) => {
  const file = (await consoleForm(c)).file
  if (!(file instanceof File) || file.size === 0) {
    const locale = c.get('locale')
    return c.render(
      <ImportPage
        locale={locale}
        session={c.var.session}
        error={t(locale, 'console.import.empty')}
      />,
      400,
    )
  }
  const item = await checkImport(c.get('deps'), c.var.session.actor, await file.text())
  return c.redirect(`/admin/import/${item.id}`, 303)
})

importRoutes.get('/import/:id', async (c) => {
  const item = await readImport(c.get('deps'), importId(c.req.param('id')))
  return c.render(<ImportReportPage locale={c.get('locale')} session={c.var.session} item={item} />)
})

importRoutes.post('/import/:id/apply', requireWrite, async (c) => {
  const id = importId(c.req.param('id'))
  await applyImport(c.get('deps'), c.var.session.actor, id)
  return c.redirect(`/admin/import/${id}`, 303)
})
