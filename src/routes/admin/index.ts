import { Hono } from 'hono'
import type { AppEnv } from '../../http/env.js'
import { syncRoutes } from './sync.js'

/** The admin API under /api/v1. */
export const adminRoutes = new Hono<AppEnv>()

adminRoutes.route('/', syncRoutes)
