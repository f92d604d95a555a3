import { request as httpRequest } from 'node:http'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterEach, describe, expect, it } from 'vitest'
import { linkIn, snapshot, statuses, subscribeAndConfirm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp | undefined
let close: (() => Promise<void>) | undefined
afterEach(async () => {
  await close?.()
  await t?.close()
  close = undefined
  t = undefined
})

/** The app behind @hono/node-server on a free port, as `npm start` serves it. */
async function listen(app: TestApp['app']): Promise<number> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise<void>((done) => server.once('listening', () => done()))
  close = () => new Promise((done) => server.close(() => done()))
  return (server.address() as AddressInfo).port
}

/** One raw HTTP request: `chunks` are written as they are (chunked unless content-length is set). */
function send(
  port: number,
  path: string,
  headers: Record<string, string>,
  chunks: string[],
): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ port, host: '127.0.0.1', path, method: 'POST', headers }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () =>
        resolve({ status: res.statusCode!, body, connection: res.headers.connection }),
      )
    })
    // The server may answer 413 and close before the whole body is written.
    req.on('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error),
    )
    for (const chunk of chunks) req.write(chunk)
    req.end()
  })
}

const FORM = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' }

describe('request bodies over real HTTP (Node)', () => {
  it('refuses a declared length over 64 KB with 413 and a chunked one too, changing nothing', async () => {
    t = await createTestApp()
    const port = await listen(t.app)
    const before = await snapshot(t)
    const big = `email=a%40example.com&lists=newsletter&pad=${'x'.repeat(70_000)}`
    const declared = await send(
      port,
      '/subscribe',
      { ...FORM, 'content-length': String(Buffer.byteLength(big)) },
      [big],
    )
    expect(declared.status).toBe(413)
    expect(JSON.parse(declared.body).error.code).toBe('payload_too_large')
    // The rest of the body is not read: the connection ends, and the answer says so (a parity
    // review: it said keep-alive, and a pooled client's next request failed on it).
    expect(declared.connection).toBe('close')
    const chunked = await send(port, '/subscribe', FORM, [big.slice(0, 40_000), big.slice(40_000)])
    expect(chunked.status).toBe(413)
    expect(await snapshot(t)).toEqual(before)
  })

  it('reads a form with repeated fields as every value, declared length or chunked', async () => {
    t = await createTestApp()
    const port = await listen(t.app)
    await subscribeAndConfirm(t, 'ada@example.com', ['newsletter'])
    const manage = t.mailer.sent.length
    await t.app.request('/manage', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'email=ada%40example.com',
    })
    const preferences = linkIn(t.mailer.sent[manage], 'preferences')
    const form = 'action=save&lists=newsletter&lists=webinars'
    const saved = await send(
      port,
      preferences,
      { ...FORM, 'content-length': String(form.length) },
      [form],
    )
    expect(saved.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toMatchObject({
      newsletter: 'subscribed',
      webinars: 'subscribed',
    })
    const chunked = await send(port, preferences, FORM, ['action=save&lists=', 'webinars'])
    expect(chunked.status).toBe(200)
    expect(await statuses(t, 'ada@example.com')).toMatchObject({
      newsletter: 'unsubscribed',
      webinars: 'subscribed',
    })
  })
})
