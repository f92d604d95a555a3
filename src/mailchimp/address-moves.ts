import type { ContactRow, OutboxRow } from '../db/schema.js'
import { MailchimpError, type MailchimpGateway } from './gateway.js'
import { subscriberHash } from './subscriber-hash.js'
import type { Outcome } from './sync-outcome.js'

/**
 * Moves the members of contacts whose address changed before their state is sent, so the
 * audience keeps one member with its history instead of gaining a second. When Mailchimp
 * refuses the move for good (the new address is already a member), the member under the old
 * address is archived, so it stops receiving campaigns, and the state goes to the new address
 * as usual: a refused move never holds back the contact's other changes, an opt-out least of
 * all. Only a transient failure makes the contact wait, with all its rows, for the next attempt.
 * A contact erased before its move was sent has its old member deleted permanently.
 *
 * @example await moveChangedAddresses(gateway, audienceId, moves, contacts, syncRows, outcome)
 */
export async function moveChangedAddresses(
  gateway: MailchimpGateway,
  audienceId: string,
  moves: Map<string, string[]>,
  contacts: Map<string, ContactRow>,
  syncRows: Map<string, OutboxRow[]>,
  outcome: Outcome,
): Promise<void> {
  for (const [contactId, previousHashes] of moves) {
    const contact = contacts.get(contactId)
    // Several changes since the last sync: the oldest address moves, and every later one that
    // Mailchimp also holds (the move onto it is refused: Member Exists) is archived.
    for (const previousHash of previousHashes) {
      if (contact && previousHash === subscriberHash(contact.email)) continue
      try {
        await moveOne(gateway, audienceId, previousHash, contact, outcome)
      } catch (failure) {
        await outcome.failure(syncRows.get(contactId)!, failure)
        syncRows.delete(contactId)
        break
      }
    }
  }
}

/** One move; throws only what should make the contact wait (transient failures). */
async function moveOne(
  gateway: MailchimpGateway,
  audienceId: string,
  previousHash: string,
  contact: ContactRow | undefined,
  outcome: Outcome,
): Promise<void> {
  // Erased before its move reached Mailchimp: the member under the old address is the same
  // person, and goes the way of the erasure.
  if (!contact) return gateway.deletePermanent(audienceId, previousHash)
  try {
    await gateway.changeEmail(audienceId, previousHash, contact.email)
  } catch (error) {
    if (!(error instanceof MailchimpError) || error.retryable) throw error
    await gateway.archiveMember(audienceId, previousHash)
    outcome.deps.logger.warn('mailchimp refused an address change; old member archived', {
      contactId: contact.id,
      status: error.status,
      title: error.title,
    })
  }
}
