import { createRoute, z } from '@hono/zod-openapi'
import { eventSources } from '../../db/schema.js'
import { ledgerPage } from '../../domain/ledger/ledger-page.js'
import { listStats } from '../../domain/admin/stats.js'
import { AppError } from '../../errors.js'
import { EventSchema } from './contact-schemas.js'
import { adminApp, commonErrors, security, timeParam } from './openapi.js'

const EventsQuery = z.object({
  contact: z
    .string()
    .max(1024)
    .optional()
    .openapi({ description: "An address: that contact's events" }),
  contact_id: z.string().max(64).optional(),
  list: z.string().max(64).optional(),
  source: z.enum(eventSources).optional(),
  from: timeParam.optional().openapi({ description: 'occurred at or after: epoch ms or ISO 8601' }),
  to: timeParam.optional().openapi({ description: 'occurred at or before: epoch ms or ISO 8601' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z
    .string()
    .max(200)
    .optional()
    .openapi({ description: 'next_cursor of the previous page' }),
})

const StatsSchema = z
  .object({
    generated_at: z.string(),
    days: z.number().int(),
    lists: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        archived: z.boolean(),
        counts: z.object({
          pending: z.number().int(),
          subscribed: z.number().int(),
          unsubscribed: z.number().int(),
        }),
        daily: z.array(
          z.object({ date: z.string(), joins: z.number().int(), leaves: z.number().int() }),
        ),
      }),
    ),
    leave_reasons: z
      .record(z.string(), z.number().int())
      .describe('How often each reason for leaving was given over the window (too_many, ...)'),
  })
  .openapi('Stats')

/** The consent ledger and statistics drawn from it. */
export const eventRoutes = adminApp()

eventRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/events',
    operationId: 'listEvents',
    summary: 'The consent ledger, newest first, with filters and cursor pagination',
    tags: ['Ledger'],
    security,
    request: { query: EventsQuery },
    responses: {
      200: {
        description: 'One page of events',
        content: {
          'application/json': {
            schema: z.object({ events: z.array(EventSchema), next_cursor: z.string().nullable() }),
          },
        },
      },
      ...commonErrors,
    },
  }),
  async (c) => {
    const q = c.req.valid('query')
    if (q.contact !== undefined && q.contact_id !== undefined)
      throw new AppError('invalid_query', 'contact, contact_id: give one of them, not both')
    const page = await ledgerPage(c.get('deps'), {
      limit: q.limit,
      ...(q.contact === undefined ? {} : { contact: q.contact }),
      ...(q.contact_id === undefined ? {} : { contactId: q.contact_id }),
      ...(q.list === undefined ? {} : { list: q.list }),
      ...(q.source === undefined ? {} : { source: q.source }),
      ...(q.from === undefined ? {} : { fromMs: q.from }),
      ...(q.to === undefined ? {} : { toMs: q.to }),
      ...(q.cursor === undefined ? {} : { cursor: q.cursor }),
    })
    return c.json(page, 200)
  },
)

eventRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/stats',
    operationId: 'getListStats',
    summary: 'Per list: counts by status, and daily joins and leaves over the last 90 days',
    tags: ['Ledger'],
    security,
    responses: {
      200: { description: 'Statistics', content: { 'application/json': { schema: StatsSchema } } },
      ...commonErrors,
    },
  }),
  async (c) => c.json(await listStats(c.get('deps')), 200),
)
