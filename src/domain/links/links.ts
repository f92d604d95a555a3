import type { ListRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import type { TokenClaims, TokenOrigin } from '../../tokens/tokens.js'

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

/**
 * Who a link is for: the contact and the version of its address, which binds the link to the
 * address it is sent to (an address change voids it). `origin: 'admin'` marks links minted
 * through the admin API, so the ledger can tell their actions apart.
 */
export interface LinkSubject {
  id: string
  address_version: number
  origin?: TokenOrigin
}

type LinkDeps = Pick<Deps, 'tokens' | 'config' | 'now'>

/** How long a download-my-data or erase-my-data link lives: one hour, and it works once. */
export const PRIVACY_LINK_TTL_SECONDS = 3600

function seconds(deps: Pick<Deps, 'now'>): number {
  return Math.floor(deps.now() / 1000)
}

function sign(
  deps: LinkDeps,
  subject: LinkSubject,
  claims: Pick<TokenClaims, 'purpose' | 'lists' | 'expiresAt'>,
): Promise<string> {
  return deps.tokens.sign({
    ...claims,
    contactId: subject.id,
    issuedAt: seconds(deps),
    addressVersion: subject.address_version,
    ...(subject.origin ? { origin: subject.origin } : {}),
  })
}

/** The signed preferences link; it does not expire while its key is listed and the address holds. */
export async function preferencesUrl(deps: LinkDeps, subject: LinkSubject): Promise<string> {
  const token = await sign(deps, subject, { purpose: 'preferences', lists: [] })
  return `${deps.config.publicUrl}/preferences/${token}`
}

/** The signed confirm link for the given pending lists; expires after CONFIRM_TTL. */
export async function confirmUrl(
  deps: LinkDeps,
  subject: LinkSubject,
  listIds: string[],
): Promise<string> {
  const token = await sign(deps, subject, {
    purpose: 'confirm',
    lists: listIds,
    expiresAt: seconds(deps) + Math.floor(deps.config.confirmTtlMs / 1000),
  })
  return `${deps.config.publicUrl}/confirm/${token}`
}

/** The signed link that leaves one list (or every list when `listId` is undefined). */
export async function unsubscribeUrl(
  deps: LinkDeps,
  subject: LinkSubject,
  listId?: string,
): Promise<string> {
  const token = await sign(
    deps,
    subject,
    listId === undefined
      ? { purpose: 'unsubscribe_all', lists: [] }
      : { purpose: 'unsubscribe', lists: [listId] },
  )
  return `${deps.config.publicUrl}/unsubscribe/${token}`
}

/**
 * The short-lived, single-use link that downloads (`export`) or erases (`erase`) the person's
 * data; it is only ever mailed to the address, never shown on a page.
 *
 * @example const url = await privacyActionUrl(deps, contact, 'erase')
 */
export async function privacyActionUrl(
  deps: LinkDeps,
  subject: LinkSubject,
  action: 'export' | 'erase',
): Promise<string> {
  const token = await sign(deps, subject, {
    purpose: action,
    lists: [],
    expiresAt: seconds(deps) + PRIVACY_LINK_TTL_SECONDS,
  })
  return `${deps.config.publicUrl}/privacy/${action}/${token}`
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
  contact: LinkSubject,
  lists: ListRow[],
): Promise<ContactLinks> {
  const unsubscribeUrls: Record<string, string> = {}
  const headers: Record<string, ListUnsubscribeHeaders> = {}
  for (const list of lists) {
    const url = await unsubscribeUrl(deps, contact, list.id)
    unsubscribeUrls[list.id] = url
    headers[list.id] = listUnsubscribeHeaders(list, url)
  }
  return {
    preferencesUrl: await preferencesUrl(deps, contact),
    unsubscribeAllUrl: await unsubscribeUrl(deps, contact),
    unsubscribeUrls,
    headers,
  }
}
