import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { wantsJson } from '../../src/http/env.js'

// Which answer a client gets (JSON or HTML) from its Accept header, q-values included
// (RFC 9110 §12.5.1): the exact header values browsers and HTTP clients send.
const app = new Hono().get('/', (c) => c.text(wantsJson(c) ? 'json' : 'html'))
const answer = async (accept?: string, contentType?: string) => {
  const headers: Record<string, string> = {}
  if (accept !== undefined) headers.accept = accept
  if (contentType) headers['content-type'] = contentType
  return (await app.request('/', { headers })).text()
}

describe('wantsJson', () => {
  it.each([
    // Browsers (Chromium, Firefox): HTML.
    ['text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8', 'html'],
    ['*/*', 'html'],
    [undefined, 'html'],
    // API clients.
    ['application/json', 'json'],
    ['application/problem+json', 'json'],
    ['application/json, text/plain, */*', 'json'], // axios
    // Order breaks a tie; q-values decide otherwise.
    ['application/json, text/html', 'json'],
    ['text/html, application/json', 'html'],
    ['text/html;q=0.5, application/json', 'json'],
    ['application/json;q=0.5, text/html', 'html'],
    ['application/json; q=0.9, text/html; q=0.8', 'json'],
    ['application/json;q=0', 'html'],
    ['application/json;q=0, text/html;q=0', 'html'],
    ['text/html;q=0, application/json;q=0.1', 'json'],
    ['application/json;q=oops', 'html'],
    ['APPLICATION/JSON', 'json'],
  ])('Accept %s answers %s', async (accept, expected) => {
    expect(await answer(accept)).toBe(expected)
  })

  it('a JSON body asks for JSON whatever Accept says', async () => {
    expect(await answer('text/html', 'application/json; charset=utf-8')).toBe('json')
  })
})
