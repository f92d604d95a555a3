import { Hono } from 'hono'
import type { AppEnv } from '../../http/env.js'
import { addressChangeRoutes } from './address-change.js'
import { assetRoutes } from './assets.js'
import { confirmRoutes } from './confirm.js'
import { manageRoutes } from './manage.js'
import { preferencesRoutes } from './preferences.js'
import { signupRoutes } from './signup.js'
import { unsubscribeRoutes } from './unsubscribe.js'

/** The pages people use: sign-up, confirm, unsubscribe, preferences, manage, and the stylesheet. */
export const publicRoutes = new Hono<AppEnv>()

publicRoutes.route('/', assetRoutes)
publicRoutes.route('/', signupRoutes)
publicRoutes.route('/', confirmRoutes)
publicRoutes.route('/', unsubscribeRoutes)
publicRoutes.route('/', preferencesRoutes)
publicRoutes.route('/', manageRoutes)
publicRoutes.route('/', addressChangeRoutes)
