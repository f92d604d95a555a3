import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { findContactByEmail } from '../../repos/contacts.js'
import { findEvents } from '../../repos/consent-events.js'
import { decodeBase64Url, encodeBase64Url } from '../../tokens/base64url.js'
import { normalizeEmail } from '../subscription/email.js'
import { toEventJson, type EventJson } from './ledger.js'

export interface LedgerQuery {
  contact?: string
  contactId?: string
  list?: string
  source?: string
  fromMs?: number
  toMs?: number
  limit: number
  cursor?: string
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

/** The cursor is opaque to clients: base64url of the last event id of the page. */
function encodeCursor(id: string): string {
  return encodeBase64Url(encoder.encode(`e:${id}`))
}

function decodeCursor(cursor: string): string {
  const bytes = decodeBase64Url(cursor)
  const text = bytes ? decoder.decode(bytes) : ''
  if (!/^e:[A-Za-z0-9_-]{1,64}$/.test(text))
    throw new AppError('bad_request', 'cursor is not one this API gave out')
  return text.slice(2)
}

/**
 * One page of the consent ledger, newest first, with the cursor of the next page (null at the
 * end). Filtering by address finds the contact's events and events still carrying the address.
 *
 * @example const { events, next_cursor } = await ledgerPage(deps, { list: 'newsletter', limit: 50 })
 */
export async function ledgerPage(
  deps: Pick<Deps, 'db'>,
  query: LedgerQuery,
): Promise<{ events: EventJson[]; next_cursor: string | null }> {
  let contactIds: string[] | undefined
  let email: string | undefined
  if (query.contact !== undefined) {
    email = normalizeEmail(query.contact)
    if (!email) throw new AppError('invalid_email', 'contact is not a valid email address')
    const contact = await findContactByEmail(deps.db, email)
    if (contact) contactIds = [contact.id]
  }
  if (query.contactId !== undefined) contactIds = [...(contactIds ?? []), query.contactId]
  const rows = await findEvents(deps.db, {
    ...(contactIds ? { contactIds } : {}),
    ...(email ? { email } : {}),
    ...(query.list ? { listId: query.list } : {}),
    ...(query.source ? { source: query.source } : {}),
    ...(query.fromMs === undefined ? {} : { fromMs: query.fromMs }),
    ...(query.toMs === undefined ? {} : { toMs: query.toMs }),
    ...(query.cursor ? { beforeId: decodeCursor(query.cursor) } : {}),
    limit: query.limit + 1,
  })
  const page = rows.slice(0, query.limit)
  const more = rows.length > query.limit
  return {
    events: page.map(toEventJson),
    next_cursor: more && page.length > 0 ? encodeCursor(page[page.length - 1]!.id) : null,
  }
}
