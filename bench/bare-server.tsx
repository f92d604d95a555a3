/** @jsxRuntime automatic @jsxImportSource #jsx */
/**
 * The bench's yardsticks, on the same Node as the service, listening on PORT: a bare Hono +
 * @hono/node-server app answering a constant JSON at `/` (the ratio issue 12 asks for), and at
 * `/page` the service's own preferences page rendered from constants with the views' own JSX
 * runtime, with no database, link check or middleware: the ceiling for that page.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { renderToString } from '../views/jsx/jsx-runtime.js'
import { PageContext } from '../views/page-context.js'
import { PreferencesPage } from '../views/pages/preferences-page.js'

const rows = [
  ['newsletter', 'Newsletter', 'subscribed'],
  ['technical-advisories', 'Technical advisories', null],
  ['call-reports', 'Call reports', null],
  ['webinars', 'Webinar invitations', null],
] as const
const context = {
  organization: { name: undefined, address: undefined },
  languagePath: '/preferences/token',
}

const app = new Hono()
  .get('/', (c) => c.json({ ok: true }))
  .get('/page', (c) =>
    c.html(
      renderToString(
        <PageContext.Provider value={context}>
          <PreferencesPage
            locale="en"
            basePath="/preferences/token"
            email="reader@bench.example.com"
            name={null}
            restricted={false}
            rows={rows.map(([id, name, status]) => ({
              id,
              name,
              description: `What ${name} brings, in a sentence or two.`,
              status,
              cancelsAccount: id === 'technical-advisories',
              selfService: true,
            }))}
          />
        </PageContext.Provider>,
      ),
    ),
  )
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' })
