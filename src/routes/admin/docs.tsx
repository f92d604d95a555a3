/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import type { AppEnv } from '../../http/env.js'
import { ApiDocsPage, type OpenApiDocument } from './docs-page.js'
import { openApiDocument } from './index.js'

/** `GET /api/docs`: the readable reference of the admin API, public like the document. */
export const apiDocsRoutes = new Hono<AppEnv>()

apiDocsRoutes.get('/', (c) =>
  c.render(<ApiDocsPage doc={openApiDocument() as unknown as OpenApiDocument} locale="en" />),
)
