import type { ContactRow, ListRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'

export interface ContactLinks {
  preferencesUrl: string
  /** One-click link that leaves every list. */
  unsubscribeAllUrl: string
  /** Per list id: the page/one-click URL that leaves that list. */
  unsubscribeUrls: Record<string, string>
  /** Per list id: ready header values for mail about that list. */
  headers: Record<string, ListUnsubscribeHeaders>
}

export interface ListUnsubscribeHeaders {
  'List-Unsubscribe': string
  /** Absent for lists that cancel the account: those must never be one-click (CONTRACT). */
  'List-Unsubscribe-Post'?: string
}

function seconds(deps: Pick<Deps, 'now'>): number {
  return Math.floor(deps.now() / 1000)
}

/** The signed preferences link; it does not expire while its key is listed. */
export async function preferencesUrl(
  deps: Pick<Deps, 'tokens' | 'config' | 'now'>,
  contactId: string,
): Promise<string> {
  const token = await deps.tokens.sign({
    purpose: 'preferences',
    contactId,
    lists: [],
    issuedAt: seconds(deps),
  })
  return `${deps.config.publicUrl}/preferences/${token}`
}

/** The signed confirm link for the given pending lists; expires after CONFIRM_TTL. */
export async function confirmUrl(
  deps: Pick<Deps, 'tokens' | 'config' | 'now'>,
  contactId: string,
  listIds: string[],
): Promise<string> {
  const issuedAt = seconds(deps)
  const token = await deps.tokens.sign({
    purpose: 'confirm',
    contactId,
    lists: listIds,
    issuedAt,
    expiresAt: issuedAt + Math.floor(deps.config.confirmTtlMs / 1000),
  })
  return `${deps.config.publicUrl}/confirm/${token}`
}

/** The signed link that leaves one list (or every list when `listId` is undefined). */
export async function unsubscribeUrl(
  deps: Pick<Deps, 'tokens' | 'config' | 'now'>,
  contactId: string,
  listId?: string,
): Promise<string> {
  const token = await deps.tokens.sign(
    listId === undefined
      ? { purpose: 'unsubscribe_all', contactId, lists: [], issuedAt: seconds(deps) }
      : { purpose: 'unsubscribe', contactId, lists: [listId], issuedAt: seconds(deps) },
  )
  return `${deps.config.publicUrl}/unsubscribe/${token}`
}

/**
 * RFC 8058 headers for mail about `list`: the HTTPS link, and the one-click POST marker unless
 * leaving the list cancels the account.
 */
export function listUnsubscribeHeaders(
  list: Pick<ListRow, 'cancels_account'>,
  url: string,
): ListUnsubscribeHeaders {
  return list.cancels_account
    ? { 'List-Unsubscribe': `<${url}>` }
    : { 'List-Unsubscribe': `<${url}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
}

/**
 * Every link a mail to this contact may carry, for the given lists.
 *
 * @example const links = await contactLinks(deps, contact, await findLists(deps.db))
 */
export async function contactLinks(
  deps: Pick<Deps, 'tokens' | 'config' | 'now'>,
  contact: Pick<ContactRow, 'id'>,
  lists: ListRow[],
): Promise<ContactLinks> {
  const unsubscribeUrls: Record<string, string> = {}
  const headers: Record<string, ListUnsubscribeHeaders> = {}
  for (const list of lists) {
    const url = await unsubscribeUrl(deps, contact.id, list.id)
    unsubscribeUrls[list.id] = url
    headers[list.id] = listUnsubscribeHeaders(list, url)
  }
  return {
    preferencesUrl: await preferencesUrl(deps, contact.id),
    unsubscribeAllUrl: await unsubscribeUrl(deps, contact.id),
    unsubscribeUrls,
    headers,
  }
}
