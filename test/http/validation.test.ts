import { afterEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { toAppError } from '../../src/app.js'
import { validationError } from '../../src/http/validation-error.js'
import { api, enc } from '../admin/helpers.js'
import { JSON_HEADERS } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

let t: TestApp
afterEach(() => t?.close())

describe('one way in for validation', () => {
  it('names the field of the first problem, never its value; the address is invalid_email', () => {
    const body = z.object({ email: z.string().max(5), deep: z.object({ n: z.number() }) })
    const long = body.safeParse({ email: 'secret-value@example.com', deep: { n: 1 } })
    expect(long.success).toBe(false)
    const fromEmail = validationError(long.error!)
    expect(fromEmail.code).toBe('invalid_email')
    expect(fromEmail.status).toBe(400)
    expect(fromEmail.message).toMatch(/^email: /)
    expect(fromEmail.message).not.toContain('secret-value')
    const nested = validationError(body.safeParse({ email: 'a', deep: { n: 'x' } }).error!)
    expect(nested).toMatchObject({ code: 'invalid_body' })
    expect(nested.message).toMatch(/^deep\.n: /)
  })

  it("the app's onError gives a thrown ZodError the same answer", () => {
    const result = z.object({ email: z.string() }).safeParse({ email: 7 })
    const viaOnError = toAppError(result.error)
    const direct = validationError(result.error!)
    expect([viaOnError.code, viaOnError.message]).toEqual([direct.code, direct.message])
  })

  it('an admin body and a public form get the same envelope', async () => {
    t = await createTestApp()
    const admin = await api(t, 'PUT', `/contacts/${enc('ada@example.com')}`, {
      subscriptions: { newsletter: 'maybe' },
    })
    expect(admin.status).toBe(400)
    const adminError = (await admin.json()).error
    expect(adminError.code).toBe('invalid_body')
    expect(adminError.message).toMatch(/^subscriptions\.newsletter: /)

    const form = await t.app.request('/subscribe', {
      method: 'POST',
      headers: JSON_HEADERS,
      body: JSON.stringify({
        email: 'ada@example.com',
        lists: 'newsletter',
        name: 'x'.repeat(5000),
      }),
    })
    expect(form.status).toBe(400)
    const formError = (await form.json()).error
    expect(formError.code).toBe('invalid_body')
    expect(formError.message).toMatch(/^name: /)
  })
})

describe('the method and the query string', () => {
  it('a query parameter that is not valid is invalid_query, naming the parameter', async () => {
    t = await createTestApp()
    const res = await api(t, 'GET', '/lists?archived=maybe')
    expect(res.status).toBe(400)
    const error = (await res.json()).error
    expect(error.code).toBe('invalid_query')
    expect(error.message).toMatch(/^archived: /)
  })

  it('a path that exists answers another method 405 with Allow, not 404', async () => {
    t = await createTestApp()
    const patch = await api(t, 'PATCH', `/contacts/${enc('ada@example.com')}`, {})
    expect(patch.status).toBe(405)
    expect(patch.headers.get('allow')).toBe('GET, HEAD, PUT, DELETE')
    expect((await patch.json()).error.code).toBe('method_not_allowed')
    // Without a credential the admin API still answers 401 first: nothing about its routes.
    const anonymous = await t.app.request(`/api/v1/contacts/${enc('ada@example.com')}`, {
      method: 'PATCH',
    })
    expect(anonymous.status).toBe(401)
    // A public page: the same status, as a page in the visitor's language.
    const page = await t.app.request('/subscribe', { method: 'GET' })
    expect(page.status).toBe(405)
    expect(page.headers.get('allow')).toBe('POST')
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    // A path no route has is still 404.
    const missing = await api(t, 'PATCH', '/nothing-here', {})
    expect(missing.status).toBe(404)
  })
})
