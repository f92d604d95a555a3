import { plainText } from '../../http/fields.js'
import { createRoute, z } from '@hono/zod-openapi'
import { retryOnConflict } from '../../db/conflicts.js'
import { changeAddress, upsertContact } from '../../domain/admin/contacts.js'
import { contactView, requireContact } from '../../domain/links/contact-view.js'
import { acceptsAsNew, normalizeEmail } from '../../domain/subscription/email.js'
import { eraseContact } from '../../domain/privacy/erase.js'
import { exportFileName, exportPersonalData } from '../../domain/privacy/export-data.js'
import { contactLinks } from '../../domain/links/links.js'
import { setRestriction } from '../../domain/privacy/restrict.js'
import { AppError } from '../../errors.js'
import { requireScope } from '../../http/admin-auth.js'
import { findLists } from '../../repos/lists.js'
import { ContactSchema, LinksSchema, PersonalDataSchema } from './contact-schemas.js'
import {
  adminApp,
  commonErrors,
  conflict,
  EmailParam,
  notFound,
  security,
  timeParam,
  unprocessable,
} from './openapi.js'

const json = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})
const contactResponse = (description: string) => ({
  description,
  content: { 'application/json': { schema: ContactSchema } },
})

const UpsertBody = z
  .object({
    subscriptions: z
      .record(z.string().max(64), z.enum(['subscribed', 'unsubscribed']))
      .default({})
      .openapi({ description: 'list id -> wanted status', example: { newsletter: 'subscribed' } }),
    consent: z
      .object({
        source: z
          .string()
          .trim()
          .max(200)
          .optional()
          .openapi({ description: 'Where consent was given, e.g. crm-form' }),
        text: z
          .string()
          .trim()
          .max(5000)
          .optional()
          .openapi({ description: 'The wording the person agreed to' }),
        timestamp: z
          .union([z.number().int().min(0), timeParam])
          .optional()
          .openapi({ description: 'When: epoch ms or ISO 8601; default now' }),
        ip: z.string().trim().max(100).optional(),
        user_agent: z.string().trim().max(512).optional(),
        version: z
          .string()
          .trim()
          .max(100)
          .optional()
          .openapi({ description: 'Version of the wording' }),
      })
      .optional()
      .openapi({
        description:
          'Consent evidence: required (source and text) to subscribe to a consent-based list unless confirm is true',
      }),
    confirm: z.boolean().optional().openapi({
      description:
        'Send the double opt-in mail for the lists to subscribe instead; they become pending',
    }),
    locale: z.string().max(16).optional().openapi({ description: 'en, pl or fi' }),
    name: plainText('name', 200).optional(),
  })
  .strict()
  .openapi('ContactUpsert')

/** Contacts: read, upsert, rectify, restrict, export, erase, and links for other senders. */
export const contactRoutes = adminApp()

contactRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contacts/{email}',
    operationId: 'getContact',
    summary: 'A contact with its subscriptions and consent history',
    tags: ['Contacts'],
    security,
    request: { params: EmailParam },
    responses: { 200: contactResponse('The contact'), ...commonErrors, ...notFound },
  }),
  async (c) => {
    const deps = c.get('deps')
    const contact = await requireContact(deps, c.req.valid('param').email)
    return c.json(await contactView(deps, contact), 200)
  },
)

contactRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/contacts/{email}',
    operationId: 'upsertContact',
    summary:
      'Create or update a contact and its subscriptions (consent evidence or confirm: true for consent-based lists)',
    tags: ['Contacts'],
    security,
    middleware: [requireScope('write')] as const,
    request: { params: EmailParam, body: json(UpsertBody) },
    responses: {
      200: {
        description:
          'The contact after the change; `pending` names lists waiting for the opt-in mail',
        content: {
          'application/json': { schema: ContactSchema.extend({ pending: z.array(z.string()) }) },
        },
      },
      ...commonErrors,
      ...unprocessable,
    },
  }),
  async (c) => {
    const deps = c.get('deps')
    const email = normalizeEmail(c.req.valid('param').email)
    if (!email) throw new AppError('invalid_email', 'The path does not hold a valid email address')
    const body = c.req.valid('json')
    const consent = body.consent
      ? {
          source: body.consent.source ?? '',
          text: body.consent.text ?? '',
          ...(body.consent.timestamp === undefined ? {} : { timestamp: body.consent.timestamp }),
          ...(body.consent.ip === undefined ? {} : { ip: body.consent.ip }),
          ...(body.consent.user_agent === undefined ? {} : { userAgent: body.consent.user_agent }),
          ...(body.consent.version === undefined ? {} : { version: body.consent.version }),
        }
      : undefined
    if (consent?.timestamp !== undefined && consent.timestamp > deps.now() + 5 * 60_000) {
      throw new AppError('invalid_body', 'consent.timestamp: lies in the future')
    }
    // Two requests creating the same contact at once: the loser runs again and updates it.
    const result = await retryOnConflict(() =>
      upsertContact(deps, {
        email,
        subscriptions: body.subscriptions,
        ...(consent ? { consent } : {}),
        ...(body.confirm === undefined ? {} : { confirm: body.confirm }),
        ...(body.locale === undefined ? {} : { locale: body.locale }),
        ...(body.name === undefined ? {} : { name: body.name }),
      }),
    )
    return c.json({ ...(await contactView(deps, result.contact)), pending: result.pending }, 200)
  },
)

contactRoutes.openapi(
  createRoute({
    method: 'delete',
    path: '/contacts/{email}',
    operationId: 'eraseContact',
    summary:
      'Erase a contact: personal data gone, the address kept only as a keyed hash on the suppression list, Mailchimp told to delete permanently',
    tags: ['Contacts', 'Privacy'],
    security,
    middleware: [requireScope('write')] as const,
    request: { params: EmailParam },
    responses: {
      200: {
        description: 'Erased',
        content: {
          'application/json': {
            schema: z.object({ status: z.literal('erased'), contact_id: z.string() }),
          },
        },
      },
      ...commonErrors,
      ...notFound,
    },
  }),
  async (c) => {
    const deps = c.get('deps')
    const contact = await requireContact(deps, c.req.valid('param').email)
    await eraseContact(deps, contact, { source: 'admin' })
    return c.json({ status: 'erased' as const, contact_id: contact.id }, 200)
  },
)

contactRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contacts/{email}/address',
    operationId: 'changeContactAddress',
    summary: 'Change the address of a contact (rectification); 409 when the new address is taken',
    tags: ['Contacts'],
    security,
    middleware: [requireScope('write')] as const,
    request: { params: EmailParam, body: json(z.object({ email: z.string().max(1024) }).strict()) },
    responses: {
      200: contactResponse('The contact with its new address'),
      ...commonErrors,
      ...notFound,
      ...conflict,
      ...unprocessable,
    },
  }),
  async (c) => {
    const deps = c.get('deps')
    const contact = await requireContact(deps, c.req.valid('param').email)
    const next = normalizeEmail(c.req.valid('json').email)
    if (!next || !acceptsAsNew(next))
      throw new AppError('invalid_email', 'email: not a valid address')
    return c.json(await contactView(deps, await changeAddress(deps, contact, next)), 200)
  },
)

contactRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/contacts/{email}/links',
    operationId: 'createContactLinks',
    summary:
      'Signed preferences and unsubscribe links, and ready List-Unsubscribe headers, for mail other systems send',
    tags: ['Contacts'],
    security,
    // A link acts for the person (leave, subscribe, restrict): minting one is a write.
    middleware: [requireScope('write')] as const,
    request: {
      params: EmailParam,
      query: z.object({
        list: z.string().max(64).optional().openapi({
          description:
            'The list the mail is about: list_unsubscribe* then leave that list (default: every list)',
        }),
      }),
    },
    responses: {
      200: { description: 'The links', content: { 'application/json': { schema: LinksSchema } } },
      ...commonErrors,
      ...notFound,
    },
  }),
  async (c) => {
    const deps = c.get('deps')
    const contact = await requireContact(deps, c.req.valid('param').email)
    const { list } = c.req.valid('query')
    const lists = await findLists(deps.db)
    if (list !== undefined && !lists.some((candidate) => candidate.id === list))
      throw new AppError('unknown_list', 'Unknown list')
    const links = await contactLinks(deps, { ...contact, origin: 'admin' }, lists)
    // The header pair for one mail: about `list` when named, else the all-lists link.
    const chosen =
      list === undefined
        ? {
            'List-Unsubscribe': `<${links.unsubscribeAllUrl}>`,
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
          }
        : links.headers[list]!
    return c.json(
      {
        preferences_url: links.preferencesUrl,
        unsubscribe_all_url: links.unsubscribeAllUrl,
        unsubscribe_urls: links.unsubscribeUrls,
        headers: links.headers,
        list_unsubscribe: chosen['List-Unsubscribe'],
        list_unsubscribe_post: chosen['List-Unsubscribe-Post'] ?? null,
      },
      200,
    )
  },
)

const restrictionRoute = (method: 'put' | 'post') =>
  createRoute({
    method,
    path: '/contacts/{email}/restriction',
    // Two methods, one operation each: generated clients get setContactRestriction (PUT) and
    // setContactRestrictionPost (POST, for clients that cannot send PUT).
    operationId: method === 'put' ? 'setContactRestriction' : 'setContactRestrictionPost',
    summary: 'Restrict processing (no sync, no mail, data kept) or lift the restriction',
    tags: ['Contacts', 'Privacy'],
    security,
    middleware: [requireScope('write')] as const,
    request: { params: EmailParam, body: json(z.object({ restricted: z.boolean() }).strict()) },
    responses: { 200: contactResponse('The contact'), ...commonErrors, ...notFound },
  })

for (const method of ['put', 'post'] as const) {
  contactRoutes.openapi(restrictionRoute(method), async (c) => {
    const deps = c.get('deps')
    const contact = await requireContact(deps, c.req.valid('param').email)
    const restricted = c.req.valid('json').restricted
    await setRestriction(deps, contact, restricted, { source: 'admin' })
    return c.json({ ...(await contactView(deps, contact)), restricted }, 200)
  })
}

contactRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/contacts/{email}/export',
    operationId: 'exportContact',
    summary:
      'Everything held about a contact, as the person would download it (access and portability)',
    tags: ['Contacts', 'Privacy'],
    security,
    request: { params: EmailParam },
    responses: {
      200: {
        description: 'The export document',
        content: { 'application/json': { schema: PersonalDataSchema } },
      },
      ...commonErrors,
      ...notFound,
    },
  }),
  async (c) => {
    const deps = c.get('deps')
    const contact = await requireContact(deps, c.req.valid('param').email)
    c.header('Content-Disposition', `attachment; filename="${exportFileName(deps.now())}"`)
    return c.json(await exportPersonalData(deps, contact), 200)
  },
)
