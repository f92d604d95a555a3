import { Hono } from 'hono'
import type { AppEnv } from '../../http/env.js'
import { appCss } from '../../../views/assets/app-css.js'

/** The stylesheet, from a string module so it works on every runtime without files. */
export const assetRoutes = new Hono<AppEnv>()

assetRoutes.get('/assets/app.css', (c) => {
  c.header('Content-Type', 'text/css; charset=utf-8')
  c.header('Cache-Control', 'public, max-age=86400')
  return c.body(appCss)
})
