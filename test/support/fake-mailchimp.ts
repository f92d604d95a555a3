import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeMember {
  email_address: string
  status: 'subscribed' | 'unsubscribed' | 'cleaned' | 'pending' | 'archived'
  interests: Record<string, boolean>
  merge_fields: Record<string, unknown>
  language: string
  last_changed: string
}

export interface LoggedRequest {
  method: string
  path: string
  query: Record<string, string>
  body: any
  status: number
  /** performance.now() when the request arrived. */
  at: number
}

interface AudienceState {
  members: Map<string, FakeMember>
  categories: Array<{
    id: string
    title: string
    type: string
    interests: Array<{ id: string; name: string }>
  }>
  mergeFields: Array<{ merge_id: number; tag: string; name: string; type: string }>
  /** Hashes deleted permanently: Mailchimp refuses to re-add them through the API. */
  forgotten: Set<string>
}

const md5 = (text: string) => createHash('md5').update(text.toLowerCase()).digest('hex')

/**
 * A real HTTP server speaking the Mailchimp Marketing API's wire format for the endpoints
 * Prefcenter uses, with problem+json errors, basic auth, a simultaneous-connection limit
 * answered with 429, injectable failures and latency, and state the tests read.
 *
 * @example const mc = await startFakeMailchimp(); const t = await createTestApp(mc.env())
 */
export async function startFakeMailchimp(
  options: { apiKey?: string; audienceId?: string; connectionLimit?: number } = {},
) {
  const apiKey = options.apiKey ?? 'testkey-us1'
  const audienceId = options.audienceId ?? 'aud123'
  let inFlight = 0
  const failures: Array<number> = []
  let nextId = 1
  const audience: AudienceState = {
    members: new Map(),
    categories: [],
    mergeFields: [
      { merge_id: 1, tag: 'FNAME', name: 'First Name', type: 'text' },
      { merge_id: 2, tag: 'LNAME', name: 'Last Name', type: 'text' },
    ],
    forgotten: new Set(),
  }

  const fake = {
    url: '',
    apiKey,
    audienceId,
    log: [] as LoggedRequest[],
    maxInFlight: 0,
    rejectedForConcurrency: 0,
    connectionLimit: options.connectionLimit ?? 10,
    latencyMs: 0,
    down: false,
    /** Path fragments answered 404, to play a Mailchimp that lacks an endpoint. */
    missingEndpoints: [] as string[],
    /** Called after each answer (benchmarks time arrivals with it). */
    onAnswer: undefined as ((entry: LoggedRequest) => void) | undefined,
    audience,
    member: (email: string) => audience.members.get(md5(email)),
    seedMember(member: Partial<FakeMember> & { email_address: string }) {
      audience.members.set(md5(member.email_address), {
        status: 'subscribed',
        interests: {},
        merge_fields: {},
        language: '',
        last_changed: new Date().toISOString(),
        ...member,
      })
    },
    failNext(count: number, status = 503) {
      failures.push(...Array.from({ length: count }, () => status))
    },
    requests(method: string, pathFragment = '') {
      return fake.log.filter(
        (entry) => entry.method === method && entry.path.includes(pathFragment),
      )
    },
    env(extra: Record<string, string> = {}) {
      return {
        MAILCHIMP_API_KEY: apiKey,
        MAILCHIMP_AUDIENCE_ID: audienceId,
        MAILCHIMP_API_URL: fake.url,
        ...extra,
      }
    },
    close: async () => {
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }

  const server = createServer((req, res) => {
    void handle(req, res)
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const arrivedAt = performance.now()
    inFlight++
    fake.maxInFlight = Math.max(fake.maxInFlight, inFlight)
    const url = new URL(req.url ?? '/', 'http://fake')
    const text = await readBody(req)
    let body: any
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = text
    }
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      body,
      status: 0,
      at: arrivedAt,
    }
    fake.log.push(entry)
    const reply = (status: number, payload?: unknown, type = 'application/json') => {
      entry.status = status
      inFlight--
      fake.onAnswer?.(entry)
      if (payload === undefined) {
        res.writeHead(status).end()
      } else {
        res.writeHead(status, { 'content-type': type }).end(JSON.stringify(payload))
      }
    }
    const problem = (status: number, title: string, detail: string) =>
      reply(
        status,
        {
          type: 'https://mailchimp.com/developer/marketing/docs/errors/',
          title,
          status,
          detail,
          instance: crypto.randomUUID(),
        },
        'application/problem+json',
      )

    if (inFlight > fake.connectionLimit) {
      fake.rejectedForConcurrency++
      return problem(
        429,
        'Too Many Requests',
        'You have exceeded the limit of 10 simultaneous connections.',
      )
    }
    if (fake.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, fake.latencyMs))
    const auth = req.headers.authorization ?? ''
    const decoded = auth.startsWith('Basic ') ? Buffer.from(auth.slice(6), 'base64').toString() : ''
    if (decoded.slice(decoded.indexOf(':') + 1) !== apiKey) {
      return problem(
        401,
        'API Key Invalid',
        "Your API key may be invalid, or you've attempted to access the wrong datacenter.",
      )
    }
    if (fake.down) return problem(503, 'Service Unavailable', 'Mailchimp is down for maintenance.')
    const injected = failures.shift()
    if (injected !== undefined)
      return problem(
        injected,
        injected === 429 ? 'Too Many Requests' : 'Internal Server Error',
        'Injected failure',
      )

    if (fake.missingEndpoints.some((fragment) => url.pathname.includes(fragment))) {
      return problem(404, 'Resource Not Found', 'The requested resource could not be found.')
    }
    const parts = url.pathname.split('/').filter(Boolean)
    if (parts[0] !== '3.0' || parts[1] !== 'lists' || parts[2] !== audienceId) {
      return problem(404, 'Resource Not Found', 'The requested resource could not be found.')
    }
    const rest = parts.slice(3)
    const method = req.method
    try {
      if (rest.length === 0 && method === 'POST') return reply(200, batch(body))
      if (rest[0] === 'members') {
        if (rest.length === 1 && method === 'GET') {
          const count = Number(url.searchParams.get('count') ?? 10)
          const offset = Number(url.searchParams.get('offset') ?? 0)
          const all = [...audience.members.values()]
          return reply(200, {
            members: all.slice(offset, offset + count).map(view),
            total_items: all.length,
            list_id: audienceId,
          })
        }
        const hash = rest[1]!
        if (
          rest.length === 4 &&
          rest[2] === 'actions' &&
          rest[3] === 'delete-permanent' &&
          method === 'POST'
        ) {
          if (!audience.members.has(hash))
            return problem(404, 'Resource Not Found', 'The requested resource could not be found.')
          audience.members.delete(hash)
          audience.forgotten.add(hash)
          return reply(204)
        }
        if (rest.length !== 2)
          return problem(404, 'Resource Not Found', 'The requested resource could not be found.')
        const existing = audience.members.get(hash)
        if (method === 'GET')
          return existing
            ? reply(200, view(existing))
            : problem(404, 'Resource Not Found', 'The requested resource could not be found.')
        if (method === 'DELETE') {
          if (!existing)
            return problem(404, 'Resource Not Found', 'The requested resource could not be found.')
          existing.status = 'archived'
          return reply(204)
        }
        if (method === 'PATCH' && !existing)
          return problem(404, 'Resource Not Found', 'The requested resource could not be found.')
        if (method === 'PUT' || method === 'PATCH') {
          if (
            method === 'PUT' &&
            (typeof body?.email_address !== 'string' || md5(body.email_address) !== hash)
          ) {
            return problem(
              400,
              'Invalid Resource',
              'The resource submitted could not be validated. The subscriber hash does not match the email address.',
            )
          }
          if (
            method === 'PATCH' &&
            existing &&
            typeof body?.email_address === 'string' &&
            md5(body.email_address) !== hash
          ) {
            // Mailchimp moves the member to the new address (and so to the new hash).
            if (audience.members.has(md5(body.email_address)))
              return problem(
                400,
                'Member Exists',
                `${body.email_address} is already a list member.`,
              )
            audience.members.delete(hash)
            audience.members.set(md5(body.email_address), {
              ...existing,
              email_address: body.email_address,
            })
          }
          const result = upsert(
            method === 'PATCH'
              ? { ...body, email_address: body?.email_address ?? existing!.email_address }
              : body,
            method === 'PUT',
          )
          if (typeof result === 'string')
            return problem(400, result, `The member could not be saved. ${result}`)
          return reply(200, view(result))
        }
      }
      if (rest[0] === 'interest-categories') {
        if (rest.length === 1 && method === 'GET')
          return reply(200, {
            categories: audience.categories.map(({ interests: _i, ...c }) => ({
              ...c,
              list_id: audienceId,
            })),
            total_items: audience.categories.length,
          })
        if (rest.length === 1 && method === 'POST') {
          if (!body?.title || !body?.type)
            return problem(400, 'Invalid Resource', 'title and type are required')
          const category = {
            id: `cat${nextId++}`,
            title: String(body.title),
            type: String(body.type),
            interests: [],
          }
          audience.categories.push(category)
          return reply(200, {
            id: category.id,
            title: category.title,
            type: category.type,
            list_id: audienceId,
          })
        }
        const category = audience.categories.find((candidate) => candidate.id === rest[1])
        if (!category)
          return problem(404, 'Resource Not Found', 'The requested resource could not be found.')
        if (rest.length === 3 && rest[2] === 'interests' && method === 'GET')
          return reply(200, {
            interests: category.interests.map((i) => ({ ...i, category_id: category.id })),
            total_items: category.interests.length,
          })
        if (rest.length === 4 && rest[2] === 'interests' && method === 'PATCH') {
          const interest = category.interests.find((candidate) => candidate.id === rest[3])
          if (!interest)
            return problem(404, 'Resource Not Found', 'The requested resource could not be found.')
          if (body?.name) interest.name = String(body.name)
          return reply(200, { ...interest, category_id: category.id, list_id: audienceId })
        }
        if (rest.length === 3 && rest[2] === 'interests' && method === 'POST') {
          if (!body?.name) return problem(400, 'Invalid Resource', 'name is required')
          if (category.interests.some((i) => i.name === body.name))
            return problem(
              400,
              'Invalid Resource',
              `Cannot add "${body.name}" because it already exists on the list.`,
            )
          const interest = { id: `int${nextId++}`, name: String(body.name) }
          category.interests.push(interest)
          return reply(200, { ...interest, category_id: category.id, list_id: audienceId })
        }
      }
      if (rest[0] === 'merge-fields' && rest.length === 1) {
        if (method === 'GET')
          return reply(200, {
            merge_fields: audience.mergeFields,
            total_items: audience.mergeFields.length,
          })
        if (method === 'POST') {
          if (!body?.tag || !body?.type || !body?.name)
            return problem(400, 'Invalid Resource', 'tag, name and type are required')
          if (audience.mergeFields.some((f) => f.tag === body.tag))
            return problem(
              400,
              'Invalid Resource',
              `A Merge Field with the tag "${body.tag}" already exists for this list.`,
            )
          const field = {
            merge_id: audience.mergeFields.length + 1,
            tag: String(body.tag),
            name: String(body.name),
            type: String(body.type),
          }
          audience.mergeFields.push(field)
          return reply(200, field)
        }
      }
      return problem(404, 'Resource Not Found', 'The requested resource could not be found.')
    } catch (error) {
      return problem(500, 'Internal Server Error', String(error))
    }
  }

  /** Applies one member write; returns the member, or the title of Mailchimp's refusal. */
  function upsert(body: any, create: boolean): FakeMember | string {
    const hash = md5(String(body?.email_address ?? ''))
    const existing = audience.members.get(hash)
    if (!existing && audience.forgotten.has(hash)) return 'Forgotten Email Not Subscribed'
    const wanted = existing ? (body.status ?? existing.status) : (body.status_if_new ?? body.status)
    if (!existing && !create) return 'Resource Not Found'
    if (!['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'].includes(wanted))
      return 'Invalid Resource'
    if (existing?.status === 'cleaned' && wanted === 'subscribed')
      return 'Member In Compliance State'
    const interestIds = new Set(audience.categories.flatMap((c) => c.interests.map((i) => i.id)))
    for (const id of Object.keys(body.interests ?? {}))
      if (!interestIds.has(id)) return 'Invalid Resource'
    for (const tag of Object.keys(body.merge_fields ?? {}))
      if (!audience.mergeFields.some((f) => f.tag === tag)) return 'Invalid Resource'
    const member: FakeMember = {
      email_address: String(body.email_address),
      status: wanted,
      interests: { ...(existing?.interests ?? {}), ...(body.interests ?? {}) },
      merge_fields: { ...(existing?.merge_fields ?? {}), ...(body.merge_fields ?? {}) },
      language: body.language ?? existing?.language ?? '',
      last_changed: new Date().toISOString(),
    }
    audience.members.set(hash, member)
    return member
  }

  function batch(body: any) {
    const members: any[] = Array.isArray(body?.members) ? body.members : []
    if (members.length > 500) throw new Error('at most 500 members per batch')
    const result = {
      new_members: [] as unknown[],
      updated_members: [] as unknown[],
      errors: [] as unknown[],
      total_created: 0,
      total_updated: 0,
      error_count: 0,
    }
    for (const member of members) {
      const existed = audience.members.has(md5(String(member.email_address ?? '')))
      if (existed && !body.update_existing) {
        result.errors.push({
          email_address: member.email_address,
          error: `${member.email_address} is already a list member.`,
          error_code: 'ERROR_CONTACT_EXISTS',
        })
        continue
      }
      const outcome = upsert({ ...member, status_if_new: member.status }, true)
      if (typeof outcome === 'string') {
        result.errors.push({
          email_address: member.email_address,
          error: outcome,
          error_code: 'ERROR_GENERIC',
        })
        continue
      }
      if (existed) result.updated_members.push(view(outcome))
      else result.new_members.push(view(outcome))
    }
    result.total_created = result.new_members.length
    result.total_updated = result.updated_members.length
    result.error_count = result.errors.length
    return result
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/3.0`
  return fake
}

function view(member: FakeMember) {
  return { id: md5(member.email_address), ...member }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export type FakeMailchimpServer = Awaited<ReturnType<typeof startFakeMailchimp>>
