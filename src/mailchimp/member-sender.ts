import type { OutboxRow } from '../db/schema.js'
import type { Deps } from '../deps.js'
import { clearAwaitingConfirmation, markAwaitingConfirmation } from '../repos/mailchimp-members.js'
import { MailchimpError, type MailchimpGateway, type MemberPayload } from './gateway.js'
import { forgetProvisioning } from './provisioning.js'
import type { Outcome } from './sync-outcome.js'

/** One contact's current state on its way to Mailchimp, with the rows it settles. */
export interface Send {
  rows: OutboxRow[]
  contactId: string
  member: MemberPayload
}

/**
 * Titles of Mailchimp's refusals to subscribe a member through the API whom it holds in a
 * compliance state (unsubscribed by themselves, cleaned, under compliance review) or who was
 * deleted permanently. Mailchimp's way back in for them is `pending`: its own confirmation mail.
 */
const COMPLIANCE_REFUSAL = /compliance state|forgotten email not subscribed/i

/** Mailchimp's refusal of an interest id it no longer has (drewm/mailchimp-api#294). */
const INTEREST_GONE = /invalid interest id/i

/**
 * Puts members, one by one or in batches, with the compliance-state way back in as `pending`.
 *
 * @example await new MemberSender(deps, gateway, audienceId, outcome).putOne(send)
 */
export class MemberSender {
  constructor(
    private readonly deps: Deps,
    private readonly gateway: MailchimpGateway,
    private readonly audienceId: string,
    private readonly outcome: Outcome,
  ) {}

  async putOne(send: Send): Promise<void> {
    try {
      const held = await this.gateway.putMember(this.audienceId, send.member)
      // Sent without a status, the contact waits for Mailchimp's confirmation
      // (whileAwaitingConfirmation) while Mailchimp holds it pending. Otherwise the wait is
      // over: the person confirmed (a lost webhook), or left again in Mailchimp since, and
      // then the contact's state goes again with its status (a review found a stale wait
      // swallowing a re-subscribe).
      const stillWaiting = !send.member.status && held === 'pending'
      if (!stillWaiting) await clearAwaitingConfirmation(this.deps.db, send.contactId)
      if (!send.member.status && held !== 'pending' && held !== 'subscribed')
        return this.putOne({ ...send, member: withStatus(send.member) })
      this.sent(send)
    } catch (error) {
      if (this.isCompliance(error, send)) return this.putPending(send, error as MailchimpError)
      if (
        error instanceof MailchimpError &&
        error.status === 400 &&
        INTEREST_GONE.test(error.detail)
      ) {
        // Someone deleted a group in Mailchimp: the ids are looked up (and the group made again)
        // on the next round, so the member is retried, not refused for good.
        await forgetProvisioning(this.deps, this.audienceId)
        const retry = new MailchimpError(error.status, error.title, error.detail, true)
        return this.outcome.failure(send.rows, retry)
      }
      await this.outcome.failure(send.rows, error)
    }
  }

  /**
   * One batch call; the members it refuses go one by one, for Mailchimp's exact problem, and
   * so do members without a status (the batch endpoint needs one).
   */
  async putBatch(sends: Send[]): Promise<void> {
    const chunk = sends.filter((send) => send.member.status)
    const waiting = sends.filter((send) => !send.member.status)
    if (waiting.length > 0) await Promise.all(waiting.map((send) => this.putOne(send)))
    if (chunk.length === 0) return
    let refused: Set<string>
    try {
      const errors = await this.gateway.batchMembers(
        this.audienceId,
        chunk.map((send) => send.member),
      )
      refused = new Set(errors.map((error) => error.email_address.toLowerCase()))
    } catch (error) {
      if (error instanceof MailchimpError && error.retryable) {
        for (const send of chunk) await this.outcome.failure(send.rows, error)
        return
      }
      // The batch as a whole was refused: find out member by member.
      refused = new Set(chunk.map((send) => send.member.email_address.toLowerCase()))
    }
    const ones: Array<Promise<void>> = []
    const accepted: string[] = []
    for (const send of chunk) {
      if (refused.has(send.member.email_address.toLowerCase())) ones.push(this.putOne(send))
      else {
        accepted.push(send.contactId)
        this.sent(send)
      }
    }
    for (const contactId of accepted) await clearAwaitingConfirmation(this.deps.db, contactId)
    await Promise.all(ones)
  }

  private isCompliance(error: unknown, send: Send): boolean {
    return (
      error instanceof MailchimpError &&
      error.status === 400 &&
      send.member.status === 'subscribed' &&
      COMPLIANCE_REFUSAL.test(`${error.title} ${error.detail}`)
    )
  }

  /** The person re-opted in here; Mailchimp lets them back only through its own confirmation. */
  private async putPending(send: Send, refusal: MailchimpError): Promise<void> {
    const member = { ...send.member, status: 'pending' as const, status_if_new: 'pending' as const }
    try {
      await this.gateway.putMember(this.audienceId, member)
      await markAwaitingConfirmation(this.deps.db, send.contactId, this.deps.now())
      this.deps.logger.info('mailchimp member in compliance state sent as pending', {
        contactId: send.contactId,
        title: refusal.title,
      })
      this.sent(send)
    } catch (error) {
      await this.outcome.failure(send.rows, error)
    }
  }

  private sent(send: Send): void {
    this.outcome.summary.sent++
    this.outcome.answered(send.rows)
  }
}

/** A member sent without a status (while waiting), as it goes once the wait is over. */
function withStatus(member: MemberPayload): MemberPayload {
  return { ...member, status: 'subscribed', status_if_new: 'subscribed' }
}
