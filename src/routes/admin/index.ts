import { requireScope } from '../../http/admin-auth.js'
import { auditApi } from './audit-api.js'
import { contactRoutes } from './contacts.js'
import { eventRoutes } from './events.js'
import { listRoutes } from './lists.js'
import { adminApp } from './openapi.js'
import { syncRoutes } from './sync.js'

/** The admin API under /api/v1. */
export const adminRoutes = adminApp()

adminRoutes.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
  type: 'http',
  scheme: 'bearer',
  description:
    'ADMIN_TOKEN (every scope) or an API key from `npx prefcenter keys create` (read or write)',
})

/** The OpenAPI 3.1 document of the admin API. Public: it describes, it opens nothing. */
export function openApiDocument() {
  return adminRoutes.getOpenAPI31Document({
    openapi: '3.1.0',
    info: {
      title: 'Prefcenter admin API',
      version: '1',
      license: { name: 'MIT', url: 'https://opensource.org/license/mit' },
      description:
        'JSON API behind `Authorization: Bearer <ADMIN_TOKEN or API key>`. Errors are `{"error":{"code","message"}}`. ' +
        'Read keys may call GET operations; everything else, POST .../links included (a link acts for the person), needs a write key or ADMIN_TOKEN.',
    },
    servers: [{ url: '/api/v1' }],
  })
}

// Registered before the auth middleware, so it answers without a credential.
adminRoutes.get('/openapi.json', (c) => c.json(openApiDocument()))

adminRoutes.use('*', requireScope('read'))
adminRoutes.use('*', auditApi)
adminRoutes.route('/', syncRoutes)
adminRoutes.route('/', listRoutes)
adminRoutes.route('/', contactRoutes)
adminRoutes.route('/', eventRoutes)
