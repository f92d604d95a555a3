import { Hono } from 'hono'
import { AppError } from '../../errors.js'
import { requireScope } from '../../http/admin-auth.js'
import type { AppEnv } from '../../http/env.js'
import { syncStatus } from '../../mailchimp/sync-status.js'
import { reconcile } from '../../mailchimp/reconcile.js'

/** Mailchimp sync status and reconcile, under /api/v1. */
export const syncRoutes = new Hono<AppEnv>()

/** Queue depth, oldest waiting change, failures with Mailchimp's problem detail, last success. */
syncRoutes.get('/sync', requireScope('read'), async (c) => c.json(await syncStatus(c.get('deps'))))

/** Compares the audience with Prefcenter, fixes the differences, and reports them. */
syncRoutes.post('/sync/reconcile', requireScope('write'), async (c) => {
  const deps = c.get('deps')
  if (!deps.config.mailchimp) throw new AppError('conflict', 'Mailchimp is not configured (MAILCHIMP_API_KEY, MAILCHIMP_AUDIENCE_ID)')
  try {
    return c.json(await reconcile(deps))
  } catch (error) {
    if (error instanceof Error && error.name === 'MailchimpError') {
      throw new AppError('unavailable', `Mailchimp did not answer as expected: ${error.message.replace(/[^\s@]+@[^\s@]+/g, '[email]')}`)
    }
    throw error
  }
})
