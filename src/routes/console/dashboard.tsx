/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Context } from 'hono'
import { dashboardData } from '../../domain/admin/dashboard.js'
import { DashboardPage } from '../../../views/console/dashboard-page.js'
import type { ConsoleEnv } from './console-env.js'

/** GET /admin with a session: the dashboard. @example return dashboard(c) */
export async function dashboard(c: Context<ConsoleEnv>) {
  const data = await dashboardData(c.get('deps'))
  return c.render(<DashboardPage locale={c.get('locale')} session={c.var.session} data={data} />)
}
