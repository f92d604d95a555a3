import mailchimp, { type MailchimpApiClient } from '@mailchimp/mailchimp_marketing'
import {
  MailchimpError,
  type BatchMemberError,
  type Interest,
  type InterestCategory,
  type MailchimpGateway,
  type MemberPayload,
  type MemberStatus,
  type MergeField,
  type RemoteMember,
} from './gateway.js'
import { Semaphore } from './semaphore.js'
import { subscriberHash } from './subscriber-hash.js'

export interface SdkGatewayOptions {
  apiKey: string
  /** Base URL override (`MAILCHIMP_API_URL`); defaults to https://<dc>.api.mailchimp.com/3.0. */
  apiUrl?: string | undefined
  /** Mailchimp allows 10 simultaneous connections per key. */
  maxConnections?: number
  timeoutMs?: number
}

/** Network failures worth another try later. */
const TRANSIENT_CODES = new Set([
  'ECONNABORTED',
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_SOCKET',
])

/**
 * Prefcenter writes only status, interests, language and PREFSURL: an audience whose own merge
 * fields are required (FNAME, an address) would refuse every new member ("Your merge fields
 * were invalid"), so their validation is skipped, as the API allows.
 */
const MERGE_OPTS = { skipMergeValidation: true }

/**
 * 400s that Mailchimp answers for a while only: an address that signed up to many lists
 * recently (its anti-abuse throttle). Retried with backoff like a 429.
 */
const TEMPORARY_REFUSAL = /signed up to a lot of lists very recently|too many recent signup/i

/**
 * Members a batch was asked to subscribe that it answered with another status, or not at all,
 * and without an error: Mailchimp's batch leaves a member it holds unsubscribed as it is,
 * silently, where a PUT of the same member is refused "Member In Compliance State"
 * (strangerstudios/pmpro-mailchimp#151, 2026-05, `POST /lists/{id}` with `update_existing`).
 * They are reported as refused, so that the sender puts them one by one and meets the refusal
 * it knows how to answer.
 */
function keptBack(
  members: MemberPayload[],
  result: { new_members?: unknown; updated_members?: unknown } | undefined,
  errors: BatchMemberError[],
): BatchMemberError[] {
  const answered = new Map<string, string>()
  for (const list of [result?.new_members, result?.updated_members])
    if (Array.isArray(list))
      for (const member of list as Array<{ email_address?: unknown; status?: unknown }>)
        answered.set(String(member.email_address ?? '').toLowerCase(), String(member.status))
  const refused = new Set(errors.map((error) => error.email_address.toLowerCase()))
  return members
    .filter((member) => member.status === 'subscribed')
    .filter((member) => !refused.has(member.email_address.toLowerCase()))
    .filter((member) => answered.get(member.email_address.toLowerCase()) !== 'subscribed')
    .map((member) => ({
      email_address: member.email_address,
      error: `kept ${answered.get(member.email_address.toLowerCase()) ?? 'out of the answer'}`,
      error_code: 'KEPT_BACK',
    }))
}

/**
 * The gateway on the official `@mailchimp/mailchimp_marketing` client. The package exports one
 * shared client object; each gateway builds its own client from that object's constructor so
 * that several apps (and tests against different fake servers) never share configuration.
 *
 * @example const gateway = createSdkGateway({ apiKey: 'abc-us21' })
 */
export function createSdkGateway(options: SdkGatewayOptions): MailchimpGateway {
  const ClientClass = (mailchimp as unknown as { constructor: new () => MailchimpApiClient })
    .constructor
  const client = new ClientClass()
  const dc = options.apiKey.slice(options.apiKey.lastIndexOf('-') + 1)
  if (options.apiUrl) {
    client.basePath = options.apiUrl.replace(/\/+$/, '')
    // The client swaps the first `server` in every URL for config.server: make that a no-op.
    client.setConfig({ apiKey: options.apiKey, server: 'server' })
  } else {
    client.setConfig({ apiKey: options.apiKey, server: dc })
  }
  client.timeout = options.timeoutMs ?? 10_000
  const gate = new Semaphore(options.maxConnections ?? 10)
  const call = <T>(work: () => Promise<T>): Promise<T> =>
    gate.run(async () => {
      try {
        return await work()
      } catch (error) {
        throw toMailchimpError(error)
      }
    })
  const lists = client.lists

  return {
    async putMember(audienceId, member) {
      const answer = await call(() =>
        lists.setListMember(audienceId, subscriberHash(member.email_address), member, MERGE_OPTS),
      )
      const status = (answer as { status?: unknown } | undefined)?.status
      return typeof status === 'string' ? (status as MemberStatus) : undefined
    },
    async changeEmail(audienceId, previousHash, email) {
      try {
        await call(() =>
          lists.updateListMember(audienceId, previousHash, { email_address: email }, MERGE_OPTS),
        )
      } catch (error) {
        if (error instanceof MailchimpError && error.status === 404) return
        throw error
      }
    },
    async batchMembers(audienceId, members) {
      const body = {
        members: members.map(({ status_if_new: _ignored, ...rest }) => rest),
        update_existing: true,
      }
      const result = await call(() => lists.batchListMembers(audienceId, body, MERGE_OPTS))
      const errors: BatchMemberError[] = (Array.isArray(result?.errors) ? result.errors : []).map(
        (error: Record<string, unknown>) => ({
          email_address: String(error.email_address ?? ''),
          error: String(error.error ?? 'unknown error'),
          error_code: error.error_code === undefined ? undefined : String(error.error_code),
        }),
      )
      return [...errors, ...keptBack(members, result, errors)]
    },
    async archiveMember(audienceId, hash) {
      try {
        await call(() => lists.deleteListMember(audienceId, hash))
      } catch (error) {
        // 404: not there. 405: "Can not archive a contact that is bounced, pending or archived";
        // none of those receives campaigns, which is all archiving is for.
        if (error instanceof MailchimpError && (error.status === 404 || error.status === 405))
          return
        throw error
      }
    },
    async deletePermanent(audienceId, hash) {
      try {
        await call(() => lists.deleteListMemberPermanent(audienceId, hash))
      } catch (error) {
        // Already gone (or never there): the erasure's goal holds.
        if (error instanceof MailchimpError && error.status === 404) return
        throw error
      }
    },
    async listMembers(audienceId, offset, count) {
      const fields = [
        'members.email_address',
        'members.status',
        'members.interests',
        'members.last_changed',
        'members.merge_fields',
        'total_items',
      ]
      const page = await call(() => lists.getListMembersInfo(audienceId, { count, offset, fields }))
      const members: RemoteMember[] = listOf<Record<string, unknown>>(page?.members).map(
        (member) => ({
          email_address: String(member.email_address ?? ''),
          status: member.status as RemoteMember['status'],
          interests: (member.interests ?? {}) as Record<string, boolean>,
          last_changed: typeof member.last_changed === 'string' ? member.last_changed : undefined,
          prefsUrl: prefsUrlOf(member.merge_fields),
        }),
      )
      return { members, total: Number(page?.total_items ?? members.length) }
    },
    async listInterestCategories(audienceId) {
      const page = await call(() => lists.getListInterestCategories(audienceId, { count: 1000 }))
      return listOf<InterestCategory>(page?.categories)
        .filter((category) => typeof category.id === 'string')
        .map((category) => ({ id: category.id, title: category.title }))
    },
    async createInterestCategory(audienceId, title) {
      const category = await call(() =>
        lists.createListInterestCategory(audienceId, { title, type: 'checkboxes' }),
      )
      return { id: requireId(category?.id), title: String(category?.title ?? title) }
    },
    async listInterests(audienceId, categoryId) {
      const page = await call(() =>
        lists.listInterestCategoryInterests(audienceId, categoryId, { count: 1000 }),
      )
      return listOf<Interest>(page?.interests)
        .filter((interest) => typeof interest.id === 'string')
        .map((interest) => ({ id: interest.id, name: interest.name }))
    },
    async createInterest(audienceId, categoryId, name) {
      const interest = await call(() =>
        lists.createInterestCategoryInterest(audienceId, categoryId, { name }),
      )
      return { id: requireId(interest?.id), name: String(interest?.name ?? name) }
    },
    async renameInterest(audienceId, categoryId, interestId, name) {
      await call(() =>
        lists.updateInterestCategoryInterest(audienceId, categoryId, interestId, { name }),
      )
    },
    async listMergeFields(audienceId) {
      const page = await call(() => lists.getListMergeFields(audienceId, { count: 1000 }))
      return listOf<MergeField>(page?.merge_fields).map((field) => ({
        merge_id: field.merge_id,
        tag: field.tag,
      }))
    },
    async createMergeField(audienceId, tag, name, type) {
      const field = await call(() =>
        lists.addListMergeField(audienceId, { tag, name, type, public: false }),
      )
      return { merge_id: Number(field?.merge_id ?? 0), tag: String(field?.tag ?? tag) }
    },
  }
}

/** The PREFSURL merge field of a member, if it holds text. */
function prefsUrlOf(fields: unknown): string | undefined {
  const value = (fields as Record<string, unknown> | undefined)?.PREFSURL
  return typeof value === 'string' && value !== '' ? value : undefined
}

/** An array from an answer, or an empty one when the answer has none. */
function listOf<T>(value: unknown): T[] {
  return Array.isArray(value) ? (value as T[]) : []
}

/** An id Mailchimp must have returned; without it the answer is unusable (a permanent error). */
function requireId(value: unknown): string {
  if (typeof value === 'string' && value !== '') return value
  if (typeof value === 'number') return String(value)
  throw new MailchimpError(200, 'Unexpected answer', 'the created resource has no id', false)
}

/**
 * The field-level part of a refusal ("…For field-specific details, see the 'errors' array"):
 * which fields Mailchimp refused and why, so that a stored failure says what to fix.
 */
function fieldErrors(errors: unknown): string {
  if (!Array.isArray(errors) || errors.length === 0) return ''
  const fields = errors
    .slice(0, 5)
    .map((entry: { field?: unknown; message?: unknown }) =>
      `${String(entry?.field ?? '?')}: ${String(entry?.message ?? '')}`.slice(0, 120),
    )
  return ` (${fields.join('; ')})`
}

/** Turns whatever the client threw (superagent errors) into a MailchimpError. */
export function toMailchimpError(error: unknown): MailchimpError {
  if (error instanceof MailchimpError) return error
  const e = error as {
    status?: number
    code?: string
    timeout?: number
    message?: string
    response?: { body?: Record<string, unknown>; text?: string }
  }
  if (typeof e?.status === 'number') {
    const body = e.response?.body ?? {}
    const title = typeof body.title === 'string' ? body.title : `HTTP ${e.status}`
    const detail =
      (typeof body.detail === 'string' ? body.detail : (e.response?.text ?? '').slice(0, 300)) +
      fieldErrors(body.errors)
    const retryable =
      e.status === 429 || e.status >= 500 || (e.status === 400 && TEMPORARY_REFUSAL.test(detail))
    return new MailchimpError(e.status, title, detail, retryable)
  }
  if (e?.timeout || (e?.code && TRANSIENT_CODES.has(e.code))) {
    return new MailchimpError(
      undefined,
      e.timeout ? 'Timeout' : 'Connection error',
      String(e.code ?? e.message ?? ''),
      true,
    )
  }
  // Anything else (a bug, an unparsable answer): retried with backoff, bounded by the attempt cap.
  return new MailchimpError(
    undefined,
    'Unexpected error',
    String(e?.message ?? error).slice(0, 300),
    true,
  )
}
