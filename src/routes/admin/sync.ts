import { createRoute, z } from '@hono/zod-openapi'
import { AppError } from '../../errors.js'
import { requireScope } from '../../http/admin-auth.js'
import { redact } from '../../logger.js'
import { MailchimpError } from '../../mailchimp/gateway.js'
import { reconcile } from '../../mailchimp/reconcile.js'
import { syncStatus } from '../../mailchimp/sync-status.js'
import { adminApp, commonErrors, conflict, ErrorSchema, security } from './openapi.js'

const Row = z.object({
  id: z.string(),
  contactId: z.string().nullable(),
  attempts: z.number().int(),
  error: z.string().nullable(),
})

const SyncStatusSchema = z
  .object({
    enabled: z.boolean(),
    audienceId: z.string().nullable(),
    queue: z.object({
      depth: z.number().int().openapi({ description: 'Changes waiting to reach Mailchimp' }),
      retrying: z
        .number()
        .int()
        .openapi({ description: 'Of those, how many failed at least once' }),
      oldestWaitingAt: z.string().nullable(),
      oldestWaitingAgeMs: z.number().nullable(),
    }),
    failures: z.object({
      count: z.number().int().openapi({ description: 'Changes Mailchimp refused for good' }),
      recent: z
        .array(Row.extend({ failedAt: z.string().nullable() }))
        .openapi({ description: "The last five, with Mailchimp's problem title and detail" }),
    }),
    recentErrors: z
      .array(Row.extend({ nextAttemptAt: z.string() }))
      .openapi({ description: 'Waiting retries, newest first' }),
    lastSuccessAt: z.string().nullable(),
  })
  .openapi('SyncStatus')

const ReconcileReportSchema = z
  .object({
    audienceMembers: z.number().int(),
    inSync: z.number().int(),
    unknownInMailchimp: z
      .number()
      .int()
      .openapi({ description: 'Audience members without a contact here: reported, not imported' }),
    skippedInFlight: z
      .number()
      .int()
      .openapi({ description: 'Contacts with a change still waiting in the outbox' }),
    appliedFromMailchimp: z.array(
      z.object({
        contactId: z.string(),
        mailchimpStatus: z.string(),
        lists: z.array(z.string()),
        cleaned: z.boolean(),
      }),
    ),
    pushed: z.array(z.object({ contactId: z.string(), reason: z.string() })),
    notSynced: z.array(
      z.object({ contactId: z.string(), reason: z.string(), mailchimpStatus: z.string() }),
    ),
  })
  .openapi('ReconcileReport')

/** Mailchimp sync status and reconcile, under /api/v1. */
export const syncRoutes = adminApp()

syncRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/sync',
    operationId: 'getSyncStatus',
    summary: 'Mailchimp sync: queue depth, oldest waiting change, failures, last success',
    tags: ['Mailchimp'],
    security,
    middleware: [requireScope('read')] as const,
    responses: {
      200: {
        description: 'The sync status (contact ids, never addresses)',
        content: { 'application/json': { schema: SyncStatusSchema } },
      },
      ...commonErrors,
    },
  }),
  async (c) => c.json(await syncStatus(c.get('deps')), 200),
)

syncRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/sync/reconcile',
    operationId: 'reconcileMailchimp',
    summary:
      'Compare the audience with Prefcenter: apply opt-outs and bounces recorded in Mailchimp, push the rest',
    tags: ['Mailchimp'],
    security,
    middleware: [requireScope('write')] as const,
    responses: {
      200: {
        description: 'Every difference found and what was done, by contact id',
        content: { 'application/json': { schema: ReconcileReportSchema } },
      },
      ...commonErrors,
      ...conflict,
      503: {
        description: 'Mailchimp did not answer as expected',
        content: { 'application/json': { schema: ErrorSchema } },
      },
    },
  }),
  async (c) => {
    const deps = c.get('deps')
    if (!deps.config.mailchimp)
      throw new AppError(
        'conflict',
        'Mailchimp is not configured (MAILCHIMP_API_KEY, MAILCHIMP_AUDIENCE_ID)',
      )
    try {
      return c.json(await reconcile(deps), 200)
    } catch (error) {
      if (error instanceof MailchimpError)
        throw new AppError(
          'unavailable',
          redact(`Mailchimp did not answer as expected: ${error.message}`),
        )
      throw error
    }
  },
)
