import { createHash } from 'node:crypto'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import {
  cleanedAbuse,
  cleanedHard,
  profileSeveralCategories,
  subscribeHostedForm,
  subscribeWithGroups,
  unsubscribeDelete,
  unsubscribeUnsub,
  upemail,
  webhookBody,
} from '../fixtures/mailchimp-webhooks/index.js'

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
  mergeFields: Array<{
    merge_id: number
    tag: string
    name: string
    type: string
    required?: boolean
  }>
  /** Hashes deleted permanently: Mailchimp refuses to re-add them through the API. */
  forgotten: Set<string>
  /**
   * Hashes Mailchimp holds in a compliance state: the member unsubscribed themselves, bounced
   * (cleaned) or was deleted permanently. The API may not set them `subscribed` (only
   * `pending`, which mails Mailchimp's own confirmation) until they confirm.
   */
  compliance: Set<string>
  /** Hashes answered with the temporary "signed up to a lot of lists" 400, and how often. */
  throttled: Map<string, number>
  /** Hashes Mailchimp refuses for good as fake-looking addresses. */
  fakeLooking: Set<string>
  /**
   * Mailchimp's own opt-in (confirmation) mails sent, by hash. Setting a member `pending`
   * mails one, again each time it is set, even when the member already is `pending`
   * (stackoverflow.com/questions/42159327, the answer "Set the member's status to pending.
   * That should resend the opt-in email", confirmed there in 12-2022); a write that leaves the
   * status out leaves it as it is and mails nothing.
   */
  optInMails: Map<string, number>
}

/** A refusal: the problem's title and detail, as Mailchimp words them. */
interface Refusal {
  title: string
  detail: string
  errors?: Array<{ field: string; message: string }>
}

/** Mailchimp audiences hold at most 60 interests (groups) across all categories. */
export const MAX_INTERESTS = 60

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
    compliance: new Set(),
    throttled: new Map(),
    fakeLooking: new Set(),
    optInMails: new Map(),
  }
  const failWith: Array<{ status: number; title: string; detail: string; errors?: unknown[] }> = []
  /** "YYYY-MM-DD HH:MM:SS" in UTC, as Mailchimp's webhooks carry it. */
  const firedAt = (date = new Date()) => date.toISOString().slice(0, 19).replace('T', ' ')
  /** Our category's ticked group names as Mailchimp writes them: ", " joined, commas escaped. */
  const groupsOf = (member: FakeMember) =>
    (audience.categories[0]?.interests ?? [])
      .filter((interest) => member.interests[interest.id])
      .map((interest) => interest.name.replace(/,/g, '\\,'))
      .join(', ')

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
    /**
     * Puts a member in the audience as Mailchimp holds it. A seeded `unsubscribed` or `cleaned`
     * member is in a compliance state (it left or bounced on Mailchimp's side) unless
     * `viaApi` says an API call unsubscribed it.
     */
    seedMember(member: Partial<FakeMember> & { email_address: string }, viaApi = false) {
      const hash = md5(member.email_address)
      const seeded: FakeMember = {
        status: 'subscribed',
        interests: {},
        merge_fields: {},
        language: '',
        last_changed: new Date().toISOString(),
        ...member,
      }
      audience.members.set(hash, seeded)
      if (!viaApi && (seeded.status === 'unsubscribed' || seeded.status === 'cleaned'))
        audience.compliance.add(hash)
    },
    failNext(count: number, status = 503) {
      failures.push(...Array.from({ length: count }, () => status))
    },
    /**
     * The next calls answer this problem instead of their work (e.g. a permanent 400), with
     * Mailchimp's field-level `errors` array when given.
     */
    failNextWith(status: number, title: string, detail: string, count = 1, errors?: unknown[]) {
      for (let i = 0; i < count; i++) failWith.push({ status, title, detail, errors })
    },
    /** Mailchimp's anti-abuse throttle: the next `times` sign-ups of the address answer 400. */
    throttleSignups(email: string, times: number) {
      audience.throttled.set(md5(email), times)
    },
    /** Makes a merge field required, as audiences with FNAME or ADDRESS required have it. */
    requireMergeField(tag: string) {
      const field = audience.mergeFields.find((candidate) => candidate.tag === tag)
      if (field) field.required = true
      else
        audience.mergeFields.push({
          merge_id: audience.mergeFields.length + 1,
          tag,
          name: tag,
          type: 'text',
          required: true,
        })
    },
    inCompliance: (email: string) => audience.compliance.has(md5(email)),
    /** How many of Mailchimp's own confirmation mails the address was sent. */
    optInMails: (email: string) => audience.optInMails.get(md5(email)) ?? 0,
    /** Mailchimp's permanent refusal of an address it finds fake-looking. */
    refuseAsFake(email: string) {
      audience.fakeLooking.add(md5(email))
    },
    /**
     * What a person does on Mailchimp's side. Each changes the fake's state as Mailchimp would
     * and returns the webhook Mailchimp then sends: a real form body built from the fixtures
     * in test/fixtures/mailchimp-webhooks.
     */
    person: {
      /** Clicks a campaign's unsubscribe link (`action=unsub`), or is deleted (`delete`). */
      unsubscribes(email: string, action: 'unsub' | 'delete' = 'unsub', at = new Date()) {
        const member = audience.members.get(md5(email))
        if (member) {
          member.status = action === 'delete' ? 'archived' : 'unsubscribed'
          member.last_changed = at.toISOString()
        }
        audience.compliance.add(md5(email))
        return webhookBody(action === 'delete' ? unsubscribeDelete : unsubscribeUnsub, {
          email,
          fired_at: firedAt(at),
          list_id: audienceId,
          interests: member ? groupsOf(member) : '',
        })
      },
      /** Bounces for good (`reason=hard`) or complains (`abuse`). */
      bounces(email: string, reason: 'hard' | 'abuse' = 'hard', at = new Date()) {
        const member = audience.members.get(md5(email))
        if (member) {
          member.status = 'cleaned'
          member.last_changed = at.toISOString()
        }
        audience.compliance.add(md5(email))
        return webhookBody(reason === 'abuse' ? cleanedAbuse : cleanedHard, {
          email,
          fired_at: firedAt(at),
          list_id: audienceId,
        })
      },
      /**
       * Signs up on a Mailchimp hosted form, ticking the given groups (often none). A member
       * who left (or bounced, or was archived) may do so: the form is Mailchimp's own opt-in.
       */
      signsUp(email: string, groups: string[] = [], at = new Date()) {
        const category = audience.categories[0]
        const ids = new Set(
          (category?.interests ?? [])
            .filter((interest) => groups.includes(interest.name))
            .map((interest) => interest.id),
        )
        const before = audience.members.get(md5(email))
        const member: FakeMember = {
          email_address: email,
          status: 'subscribed',
          interests: Object.fromEntries(
            (category?.interests ?? []).map((interest) => [interest.id, ids.has(interest.id)]),
          ),
          merge_fields: before?.merge_fields ?? {},
          language: '',
          last_changed: at.toISOString(),
        }
        audience.members.set(md5(email), member)
        audience.compliance.delete(md5(email))
        audience.forgotten.delete(md5(email))
        const values = {
          email,
          fired_at: firedAt(at),
          list_id: audienceId,
          category_id: category?.id ?? '',
          groups: groupsOf(member),
        }
        return webhookBody(groups.length ? subscribeWithGroups : subscribeHostedForm, values)
      },
      /** Confirms Mailchimp's own opt-in mail of a `pending` member. */
      confirms(email: string, at = new Date()) {
        const member = audience.members.get(md5(email))
        if (!member) throw new Error('no such member')
        member.status = 'subscribed'
        member.last_changed = at.toISOString()
        audience.compliance.delete(md5(email))
        return webhookBody(subscribeWithGroups, {
          email,
          fired_at: firedAt(at),
          list_id: audienceId,
          category_id: audience.categories[0]?.id ?? '',
          groups: groupsOf(member),
        })
      },
      /**
       * Saves Mailchimp's update-profile form with these of our groups ticked; a second
       * category ("Topics", someone else's) is in the payload too.
       */
      updatesProfile(email: string, groups: string[], at = new Date(), otherGroups = 'Design') {
        const member = audience.members.get(md5(email))
        const category = audience.categories[0]
        if (member && category) {
          for (const interest of category.interests)
            member.interests[interest.id] = groups.includes(interest.name)
          member.last_changed = at.toISOString()
        }
        const ours = groups.map((name) => name.replace(/,/g, '\\,')).join(', ')
        return webhookBody(profileSeveralCategories, {
          email,
          fired_at: firedAt(at),
          list_id: audienceId,
          category_id: category?.id ?? '',
          groups: ours,
          other_groups: otherGroups,
          interests: [otherGroups, ours].filter(Boolean).join(', '),
        })
      },
      /** Changes their address in Mailchimp. */
      changesAddress(oldEmail: string, newEmail: string, at = new Date()) {
        const member = audience.members.get(md5(oldEmail))
        if (member) {
          audience.members.delete(md5(oldEmail))
          audience.members.set(md5(newEmail), { ...member, email_address: newEmail })
        }
        return webhookBody(upemail, {
          old_email: oldEmail,
          new_email: newEmail,
          fired_at: firedAt(at),
          list_id: audienceId,
        })
      },
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
    const problem = (status: number, title: string, detail: string, extra: object = {}) =>
      reply(
        status,
        {
          type: 'https://mailchimp.com/developer/marketing/docs/errors/',
          title,
          status,
          detail,
          instance: crypto.randomUUID(),
          ...extra,
        },
        'application/problem+json',
      )
    const refuse = (refusal: Refusal) =>
      problem(400, refusal.title, refusal.detail, refusal.errors ? { errors: refusal.errors } : {})
    const skipMergeValidation = url.searchParams.get('skip_merge_validation') === 'true'

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
    const refusal = failWith.shift()
    if (refusal)
      return problem(
        refusal.status,
        refusal.title,
        refusal.detail,
        refusal.errors ? { errors: refusal.errors } : {},
      )
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
      if (rest.length === 0 && method === 'POST') {
        // Each batch member needs its status (Mailchimp's schema for POST /lists/{list_id}):
        // the whole request is refused, as any body that fails the schema is.
        const members: any[] = Array.isArray(body?.members) ? body.members : []
        const unstated = members.findIndex((member) => member?.status === undefined)
        if (unstated >= 0)
          return problem(
            400,
            'Invalid Resource',
            'The resource submitted could not be validated.',
            {
              errors: [
                {
                  field: `members.item:${unstated}.status`,
                  message: 'Required fields were not provided: status',
                },
              ],
            },
          )
        return reply(200, batch(body, skipMergeValidation))
      }
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
          // As captured in grouparoo/grouparoo's Mailchimp fixtures (mailchimpExportContacts.js).
          if (['cleaned', 'pending', 'archived'].includes(existing.status))
            return problem(
              405,
              'Method Not Allowed',
              'This list member cannot be removed. Can not archive a contact that is bounced, pending or archived',
            )
          existing.status = 'archived'
          existing.last_changed = new Date().toISOString()
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
                `${body.email_address} is already a list member. Use PUT to insert or update list members.`,
              )
            audience.members.delete(hash)
            audience.members.set(md5(body.email_address), {
              ...existing,
              email_address: body.email_address,
            })
            if (audience.compliance.delete(hash)) audience.compliance.add(md5(body.email_address))
          }
          const result = upsert(
            method === 'PATCH'
              ? { ...body, email_address: body?.email_address ?? existing!.email_address }
              : body,
            method === 'PUT',
            skipMergeValidation,
          )
          if ('title' in result) return refuse(result)
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
          const total = audience.categories.reduce((n, c) => n + c.interests.length, 0)
          if (total >= MAX_INTERESTS)
            // Mailchimp's documented limit ("Getting started with groups": up to 60 groups
            // per audience); the wording of the refusal is the fake's own.
            return problem(
              400,
              'Invalid Resource',
              `An audience can have at most ${MAX_INTERESTS} groups (interests).`,
            )
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

  /**
   * Applies one member write as Mailchimp does; returns the member, or Mailchimp's refusal.
   * Refusals (wording from Mailchimp's answers as integrations log them): a member in a
   * compliance state may not be set `subscribed` ("Member In Compliance State"), nor may a
   * permanently deleted one ("Forgotten Email Not Subscribed"); `pending` is their way back.
   * Required merge fields are checked for new members unless `skip_merge_validation`.
   */
  function upsert(body: any, create: boolean, skipValidation: boolean): FakeMember | Refusal {
    const email = String(body?.email_address ?? '')
    const hash = md5(email)
    const existing = audience.members.get(hash)
    const wanted = existing ? (body.status ?? existing.status) : (body.status_if_new ?? body.status)
    if (!existing && !create)
      return { title: 'Resource Not Found', detail: 'The requested resource could not be found.' }
    if (!['subscribed', 'unsubscribed', 'cleaned', 'pending', 'transactional'].includes(wanted))
      return { title: 'Invalid Resource', detail: 'The resource submitted could not be validated.' }
    if (wanted !== 'pending' && !existing && audience.forgotten.has(hash))
      return {
        title: 'Forgotten Email Not Subscribed',
        detail: `${email} was permanently deleted and cannot be re-imported. The contact must re-subscribe to get back on the list.`,
      }
    if (
      wanted === 'subscribed' &&
      existing &&
      existing.status !== 'subscribed' &&
      (audience.compliance.has(hash) || existing.status === 'cleaned')
    )
      return {
        title: 'Member In Compliance State',
        detail: `${email} is in a compliance state due to unsubscribe, bounce, or compliance review and cannot be subscribed.`,
      }
    if (audience.fakeLooking.has(hash))
      return {
        title: 'Invalid Resource',
        detail: `${email} looks fake or invalid, please enter a real email address.`,
      }
    const left = audience.throttled.get(hash) ?? 0
    if ((wanted === 'subscribed' || wanted === 'pending') && left > 0) {
      audience.throttled.set(hash, left - 1)
      return {
        title: 'Invalid Resource',
        detail: `${email} has signed up to a lot of lists very recently; we're not allowing more signups for now`,
      }
    }
    const interestIds = new Set(audience.categories.flatMap((c) => c.interests.map((i) => i.id)))
    for (const id of Object.keys(body.interests ?? {}))
      if (!interestIds.has(id))
        return { title: 'Invalid Resource', detail: `Invalid interest ID: '${id}'.` }
    for (const tag of Object.keys(body.merge_fields ?? {}))
      if (!audience.mergeFields.some((f) => f.tag === tag))
        return { title: 'Invalid Resource', detail: `Your merge fields were invalid: ${tag}.` }
    if (!existing && !skipValidation) {
      const missing = audience.mergeFields.filter(
        (field) => field.required && !body.merge_fields?.[field.tag],
      )
      if (missing.length > 0)
        return {
          title: 'Invalid Resource',
          detail: 'Your merge fields were invalid.',
          errors: missing.map((field) => ({ field: field.tag, message: 'Please enter a value' })),
        }
    }
    const member: FakeMember = {
      email_address: email,
      status: wanted,
      interests: { ...(existing?.interests ?? {}), ...(body.interests ?? {}) },
      merge_fields: { ...(existing?.merge_fields ?? {}), ...(body.merge_fields ?? {}) },
      language: body.language ?? existing?.language ?? '',
      last_changed: new Date().toISOString(),
    }
    audience.members.set(hash, member)
    if (wanted === 'pending' || wanted === 'subscribed') audience.forgotten.delete(hash)
    if (wanted === 'pending' && !existing) audience.compliance.add(hash)
    if (existing ? body.status === 'pending' : wanted === 'pending')
      audience.optInMails.set(hash, (audience.optInMails.get(hash) ?? 0) + 1)
    return member
  }

  function batch(body: any, skipValidation: boolean) {
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
      const outcome = upsert({ ...member, status_if_new: member.status }, true, skipValidation)
      if ('title' in outcome && outcome.title === 'Member In Compliance State') {
        // Silent in a batch: the member comes back as it was, with no error
        // (strangerstudios/pmpro-mailchimp#151, a customer's logs, 2026-05).
        const kept = audience.members.get(md5(String(member.email_address)))
        if (kept) result.updated_members.push(view(kept))
        continue
      }
      if ('title' in outcome) {
        result.errors.push({
          email_address: member.email_address,
          error: outcome.detail,
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
