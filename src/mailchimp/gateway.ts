/**
 * What Prefcenter needs from Mailchimp, in its own words. Only `sdk-gateway.ts` knows the SDK;
 * everything else (drain, provisioning, reconcile, tests) talks to this interface.
 */

export type MemberStatus =
  | 'subscribed'
  | 'unsubscribed'
  | 'cleaned'
  | 'pending'
  | 'transactional'
  | 'archived'

/** The member fields Prefcenter writes. */
export interface MemberPayload {
  email_address: string
  /**
   * `pending` only for a re-subscribe Mailchimp refuses as a compliance state. Left out while
   * the contact awaits Mailchimp's own confirmation: the member keeps the status Mailchimp holds.
   */
  status?: 'subscribed' | 'unsubscribed' | 'pending'
  status_if_new: 'subscribed' | 'unsubscribed' | 'pending'
  interests: Record<string, boolean>
  merge_fields: Record<string, string>
  language?: string
}

/** The member fields Prefcenter reads back when reconciling. */
export interface RemoteMember {
  email_address: string
  status: MemberStatus
  interests: Record<string, boolean>
  /** ISO time of the member's last change in Mailchimp. */
  last_changed?: string
  /** The preferences link Prefcenter wrote (merge field PREFSURL), when there is one. */
  prefsUrl?: string
}

export interface InterestCategory {
  id: string
  title: string
}

export interface Interest {
  id: string
  name: string
}

export interface MergeField {
  merge_id: number
  tag: string
}

/** One member the batch endpoint refused, with Mailchimp's reason. */
export interface BatchMemberError {
  email_address: string
  error: string
  error_code?: string
}

/**
 * How a call failed. `retryable` covers 429, 5xx, timeouts, connection errors and the few 400s
 * Mailchimp documents as temporary (too many recent sign-ups of one address); every other
 * failure is permanent and carries Mailchimp's problem detail (title and detail).
 */
export class MailchimpError extends Error {
  override name = 'MailchimpError'

  constructor(
    readonly status: number | undefined,
    readonly title: string,
    readonly detail: string,
    readonly retryable: boolean,
  ) {
    super(`${status ?? 'network'} ${title}: ${detail}`)
  }
}

export interface MailchimpGateway {
  /**
   * Add-or-update one member (PUT lists/{id}/members/{hash}); resolves with the status Mailchimp
   * holds afterwards, as its answer says (undefined when the answer does not say).
   */
  putMember(audienceId: string, member: MemberPayload): Promise<MemberStatus | undefined>
  /**
   * Moves a member to a new address (PATCH lists/{id}/members/{old hash} with the new
   * `email_address`), keeping its history; a member Mailchimp does not have is not an error.
   */
  changeEmail(audienceId: string, previousHash: string, email: string): Promise<void>
  /**
   * Archives a member (DELETE lists/{id}/members/{hash}): no more campaigns, history kept, and
   * unlike an unsubscribe it is no compliance state; a member Mailchimp does not have, or
   * cannot archive because it is bounced, pending or archived already, is fine.
   */
  archiveMember(audienceId: string, subscriberHash: string): Promise<void>
  /** Batch subscribe/update up to 500 members (POST lists/{id}); returns the members refused. */
  batchMembers(audienceId: string, members: MemberPayload[]): Promise<BatchMemberError[]>
  /** Erasure: POST lists/{id}/members/{hash}/actions/delete-permanent; a missing member is fine. */
  deletePermanent(audienceId: string, subscriberHash: string): Promise<void>
  /** One page of the audience, for reconcile. */
  listMembers(
    audienceId: string,
    offset: number,
    count: number,
  ): Promise<{ members: RemoteMember[]; total: number }>
  listInterestCategories(audienceId: string): Promise<InterestCategory[]>
  createInterestCategory(audienceId: string, title: string): Promise<InterestCategory>
  listInterests(audienceId: string, categoryId: string): Promise<Interest[]>
  createInterest(audienceId: string, categoryId: string, name: string): Promise<Interest>
  /** Renames an interest (a list was renamed in Prefcenter). */
  renameInterest(
    audienceId: string,
    categoryId: string,
    interestId: string,
    name: string,
  ): Promise<void>
  listMergeFields(audienceId: string): Promise<MergeField[]>
  createMergeField(
    audienceId: string,
    tag: string,
    name: string,
    type: 'url' | 'text',
  ): Promise<MergeField>
}
