import type { ContactRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { findContactByEmail, findSubscriptions } from '../../repos/contacts.js'
import { findContactEvents } from '../../repos/consent-events.js'
import { normalizeEmail } from '../subscription/email.js'
import { toEventJson, type EventJson } from '../ledger/ledger.js'

/** A contact as the admin API and the personal data export show it. */
export interface ContactView {
  id: string
  email: string
  name: string | null
  status: string
  locale: string | null
  restricted: boolean
  created_at: string
  updated_at: string
  subscriptions: { list: string; status: string; created_at: string; updated_at: string }[]
  events: EventJson[]
}

const iso = (ms: number) => new Date(Number(ms)).toISOString()

/** Reads everything held about one contact: the row, every subscription and the whole ledger history. */
export async function contactView(
  deps: Pick<Deps, 'db'>,
  contact: ContactRow,
): Promise<ContactView> {
  const [subscriptions, events] = await Promise.all([
    findSubscriptions(deps.db, contact.id),
    findContactEvents(deps.db, contact.id),
  ])
  return {
    id: contact.id,
    email: contact.email,
    name: contact.name,
    status: contact.status,
    locale: contact.locale,
    restricted: contact.restricted === 1,
    created_at: iso(contact.created_at),
    updated_at: iso(contact.updated_at),
    subscriptions: subscriptions
      .sort((a, b) => a.list_id.localeCompare(b.list_id))
      .map((row) => ({
        list: row.list_id,
        status: row.status,
        created_at: iso(row.created_at),
        updated_at: iso(row.updated_at),
      })),
    events: events.map(toEventJson),
  }
}

/**
 * The contact behind an address given by a client: 400 when it is not an address, 404 when
 * nobody has it. Messages never repeat the address.
 *
 * @example const contact = await requireContact(deps, c.req.param('email'))
 */
export async function requireContact(
  deps: Pick<Deps, 'db'>,
  rawEmail: string,
): Promise<ContactRow> {
  const email = normalizeEmail(rawEmail)
  if (!email) throw new AppError('invalid_email', 'The path does not hold a valid email address')
  const contact = await findContactByEmail(deps.db, email)
  if (!contact) throw new AppError('not_found', 'No contact with that address')
  return contact
}
