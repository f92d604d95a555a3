import { afterEach, describe, expect, it } from 'vitest'
import { createLogger } from '../../src/logger.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// LOG_LEVEL=debug gives one line per request (an operator review found none at any level),
// with the route's pattern, never the path: paths carry link tokens and addresses.

let t: TestApp
afterEach(() => t?.close())

describe('the access line', () => {
  it('at debug names method, route pattern, status and time, and nothing of the path', async () => {
    const lines: string[] = []
    t = await createTestApp({}, { logger: createLogger('debug', (line) => lines.push(line)) })
    await t.app.request('/preferences/not-a-token.abc')
    await t.app.request('/api/v1/contacts/ann%40example.com')
    const access = lines
      .map((line) => JSON.parse(line))
      .filter((line) => line.message === 'request')
    expect(access).toEqual([
      expect.objectContaining({
        level: 'debug',
        method: 'GET',
        route: '/preferences/:token',
        status: 400,
        ms: expect.any(Number),
      }),
      // Refused before routing: the middleware's pattern.
      expect.objectContaining({ route: '/api/v1/*', status: 401 }),
    ])
    expect(lines.join('\n')).not.toMatch(/not-a-token|ann/)
  })

  it('says nothing at info', async () => {
    const lines: string[] = []
    t = await createTestApp({}, { logger: createLogger('info', (line) => lines.push(line)) })
    await t.app.request('/')
    expect(lines.filter((line) => line.includes('"request"'))).toEqual([])
  })
})
