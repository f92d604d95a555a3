import { listIdField, plainText } from '../../http/fields.js'
import { createRoute, z } from '@hono/zod-openapi'
import { createList, deleteList, toListJson, updateList } from '../../domain/admin/lists.js'
import { requireScope } from '../../http/admin-auth.js'
import { findLists } from '../../repos/lists.js'
import { adminApp, commonErrors, conflict, notFound, security } from './openapi.js'

const LegalBasis = z.enum(['consent', 'legitimate_interest', 'contract'])

const ListSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    legal_basis: LegalBasis,
    public: z.boolean().openapi({ description: 'Shown on the public sign-up form' }),
    double_opt_in: z.boolean(),
    cancels_account: z
      .boolean()
      .openapi({ description: 'Leaving it cancels the account: never one-click' }),
    synced: z.boolean().openapi({ description: 'Mirrored to Mailchimp as an interest' }),
    archived: z.boolean(),
    position: z.number().int(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('List')

const ListChanges = z
  .object({
    name: plainText('name', 200).pipe(z.string().min(1, 'name is required')),
    description: plainText('description', 2000, { multiline: true }),
    legal_basis: LegalBasis,
    public: z.boolean(),
    double_opt_in: z.boolean(),
    cancels_account: z.boolean(),
    synced: z.boolean(),
    archived: z.boolean(),
    position: z.number().int().min(0).max(1_000_000),
  })
  .partial()
  .strict()
  .openapi('ListChanges')

const NewList = ListChanges.extend({
  id: listIdField,
  name: plainText('name', 200).pipe(z.string().min(1, 'name is required')),
  legal_basis: LegalBasis,
})
  .strict()
  .openapi('NewList')

const IdParam = z.object({
  id: z
    .string()
    .max(64)
    .openapi({ param: { name: 'id', in: 'path' }, example: 'newsletter' }),
})
const one = (description: string) => ({
  description,
  content: { 'application/json': { schema: z.object({ list: ListSchema }) } },
})
const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})

/** Lists: read, create, change, archive, delete. */
export const listRoutes = adminApp()

listRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/lists',
    operationId: 'listLists',
    summary: 'All lists, archived ones included (flag `archived`); ?archived=false leaves them out',
    tags: ['Lists'],
    security,
    request: { query: z.object({ archived: z.enum(['true', 'false']).optional() }) },
    responses: {
      200: {
        description: 'The lists',
        content: { 'application/json': { schema: z.object({ lists: z.array(ListSchema) }) } },
      },
      ...commonErrors,
    },
  }),
  async (c) => {
    const includeArchived = c.req.valid('query').archived !== 'false'
    const lists = await findLists(c.get('deps').db, { includeArchived })
    return c.json({ lists: lists.map(toListJson) }, 200)
  },
)

listRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/lists',
    operationId: 'createList',
    summary: 'Create a list',
    tags: ['Lists'],
    security,
    middleware: [requireScope('write')] as const,
    request: { body: json(NewList) },
    responses: { 201: one('Created'), ...commonErrors, ...conflict },
  }),
  async (c) => {
    const { id, ...input } = c.req.valid('json')
    const list = await createList(c.get('deps'), id, input)
    return c.json({ list: toListJson(list) }, 201)
  },
)

listRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/lists/{id}',
    operationId: 'updateList',
    summary:
      'Change a list (name, description, public, legal basis, double opt-in, cancels-account, synced, archived)',
    tags: ['Lists'],
    security,
    middleware: [requireScope('write')] as const,
    request: { params: IdParam, body: json(ListChanges) },
    responses: { 200: one('Changed'), ...commonErrors, ...notFound },
  }),
  async (c) => {
    const list = await updateList(c.get('deps'), c.req.valid('param').id, c.req.valid('json'))
    return c.json({ list: toListJson(list) }, 200)
  },
)

listRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/lists/{id}/archive',
    operationId: 'archiveList',
    summary: 'Archive a list: hidden from forms and pages, history kept',
    tags: ['Lists'],
    security,
    middleware: [requireScope('write')] as const,
    request: { params: IdParam },
    responses: { 200: one('Archived'), ...commonErrors, ...notFound },
  }),
  async (c) => {
    const list = await updateList(c.get('deps'), c.req.valid('param').id, { archived: true })
    return c.json({ list: toListJson(list) }, 200)
  },
)

listRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/lists/{id}',
    operationId: 'deleteList',
    summary: 'Delete a list nobody was ever on (409 otherwise: archive it instead)',
    tags: ['Lists'],
    security,
    middleware: [requireScope('write')] as const,
    request: { params: IdParam },
    responses: { 204: { description: 'Deleted' }, ...commonErrors, ...notFound, ...conflict },
  }),
  async (c) => {
    await deleteList(c.get('deps'), c.req.valid('param').id)
    return c.body(null, 204)
  },
)
