import { Hono } from 'hono'
import type { AppEnv } from '../../http/env.js'

/** Sync status and reconcile endpoints; filled in by the Mailchimp issue. */
export const syncRoutes = new Hono<AppEnv>()
