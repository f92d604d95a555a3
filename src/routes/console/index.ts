import { Hono } from 'hono'
import { chooseSessionLocale } from '../../domain/admin/console-session.js'
import { isLocale } from '../../i18n/locale.js'
import { consoleCss } from '../../../views/console/console-css.js'
import type { ConsoleEnv } from './console-env.js'
import { consoleError } from './console-error.js'
import { contactRoutes } from './contacts.js'
import { consoleForm, requireSession } from './guards.js'
import { importRoutes } from './import.js'
import { keyRoutes } from './keys.js'
import { ledgerRoutes } from './ledger.js'
import { listRoutes } from './lists.js'
import { signInRoutes } from './sign-in.js'

/**
 * The staff console under /admin: server-rendered pages and plain forms, no script. `/admin`
 * answers the sign-in page without a session; everything else needs one (see guards.tsx).
 */
export const consoleRoutes = new Hono<ConsoleEnv>()

consoleRoutes.get('/admin/console.css', (c) => {
  c.header('Content-Type', 'text/css; charset=utf-8')
  c.header('Cache-Control', 'public, max-age=86400')
  return c.body(consoleCss)
})

// Registered first: `/admin` and the sign-in form answer without a session.
consoleRoutes.route('/', signInRoutes)

const signedIn = new Hono<ConsoleEnv>()
signedIn.use('*', requireSession)
signedIn.onError(consoleError)

signedIn.post('/language', async (c) => {
  const body = await consoleForm(c)
  if (isLocale(body.locale)) await chooseSessionLocale(c.get('deps'), c.var.session, body.locale)
  // Back to the section the form was on; only our own paths (no open redirect).
  const back = typeof body.back === 'string' && /^\/admin(\/[a-z]+)?$/.test(body.back)
  return c.redirect(back ? (body.back as string) : '/admin', 303)
})
signedIn.route('/', listRoutes)
signedIn.route('/', contactRoutes)
signedIn.route('/', ledgerRoutes)
signedIn.route('/', importRoutes)
signedIn.route('/', keyRoutes)

consoleRoutes.route('/admin', signedIn)
