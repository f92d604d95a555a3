import { Hono } from 'hono'
import type { AppEnv } from '../../http/env.js'

/** Routes of this area; filled in by their own issue. */
export const webhookRoutes = new Hono<AppEnv>()
