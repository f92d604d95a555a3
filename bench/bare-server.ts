/**
 * The bench's yardstick: a bare Hono + @hono/node-server app answering a constant JSON, on the
 * same Node as the service, listening on PORT.
 */
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono().get('/', (c) => c.json({ ok: true }))
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' })
