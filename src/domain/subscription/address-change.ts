import type { AddressChangeRow, ContactRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { type Locale, normalizeLocale } from '../../i18n/locale.js'
import { sendMail } from '../../mail/send-mail.js'
import {
  findAddressChange,
  insertAddressChange,
  markAddressChangeUsed,
} from '../../repos/address-changes.js'
import { findContactById } from '../../repos/contacts.js'
import { encodeBase64Url, randomId } from '../../tokens/base64url.js'
import { addressChangedMail } from '../../../views/mail/address-changed-mail.js'
import { addressApproveMail } from '../../../views/mail/address-approve-mail.js'
import { addressChangeMail } from '../../../views/mail/address-change-mail.js'
import { changeAddress } from '../admin/contacts.js'
import { countMailTo, ipAllowed } from '../limits/throttle.js'

/** How long the new address has to confirm. */
export const ADDRESS_CHANGE_TTL_MS = 24 * 3_600_000

/** The stored id of a link secret: only its hash is kept, so the table cannot confirm. */
async function secretId(secret: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(secret))
  return encodeBase64Url(new Uint8Array(digest))
}

/**
 * `a***@example.com`: enough for the owner to recognise, not enough to hand an address to
 * whoever reads the old mailbox.
 *
 * @example maskEmail('ada@example.com') // 'a***@example.com'
 */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@')
  return `${email.slice(0, Math.min(1, at))}***${email.slice(at)}`
}

/**
 * A person asks, from their preferences page, for their mail to go to `newEmail`. Whoever holds
 * a preferences link may ask (links are forwarded), so the change must first be approved from
 * the current address: a link goes there; once it is used, a second link goes to the new
 * address, and only that one makes the change. The answer is the same whatever happens
 * (limits, an address already in use), so the form tells nobody about other addresses.
 *
 * @example await requestAddressChange(deps, contact, 'ada@new.example', { ip, locale: 'en' })
 */
export async function requestAddressChange(
  deps: Deps,
  contact: ContactRow,
  newEmail: string,
  request: { ip: string | null; locale: Locale },
): Promise<void> {
  if (newEmail === contact.email) return
  if (!(await ipAllowed(deps, 'address-change', request.ip))) return
  const counted = await countMailTo(deps, 'address-approve-mail', contact.email)
  if (!counted.allowed) return
  const secret = await insertLink(deps, contact, newEmail, 'approve')
  await sendMail(
    deps,
    () =>
      addressApproveMail({
        to: contact.email,
        // Whoever holds a forwarded link can set the name just before asking: none in the very
        // mail that guards the change (a review).
        name: null,
        locale: request.locale,
        maskedNewEmail: maskEmail(newEmail),
        approveUrl: `${deps.config.publicUrl}/address/${secret}`,
        validForMs: ADDRESS_CHANGE_TTL_MS,
        organization: deps.config.organization,
      }),
    { what: 'address change approval mail', contactId: contact.id, onFailure: counted.refund },
  )
}

/** Stores one stage's link (only its secret's hash) and returns the secret for the mail. */
async function insertLink(
  deps: Deps,
  contact: ContactRow,
  newEmail: string,
  stage: AddressChangeRow['stage'],
): Promise<string> {
  const secret = randomId(32)
  const now = deps.now()
  await insertAddressChange(deps.db, {
    id: await secretId(secret),
    contact_id: contact.id,
    old_email: contact.email,
    new_email: newEmail,
    created_at: now,
    expires_at: now + ADDRESS_CHANGE_TTL_MS,
    used_at: null,
    stage,
    address_version: Number(contact.address_version),
  })
  return secret
}

/**
 * The current address approved the change: the link that makes it goes to the new address (at
 * most once per approval link; a second press changes nothing).
 *
 * @example const { alreadyDone } = await approveAddressChange(deps, secret, 'en')
 */
export async function approveAddressChange(
  deps: Deps,
  secret: string,
  locale: Locale,
): Promise<{ alreadyDone: boolean }> {
  const { change, contact } = await openAddressChange(deps, secret)
  if (change.stage !== 'approve') throw new AppError('invalid_token', 'This link is not valid')
  if (change.used_at !== null || !(await markAddressChangeUsed(deps.db, change.id, deps.now())))
    return { alreadyDone: true }
  const counted = await countMailTo(deps, 'address-change-mail', change.new_email)
  if (!counted.allowed) return { alreadyDone: false }
  const confirmSecret = await insertLink(deps, contact, change.new_email, 'confirm')
  await sendMail(
    deps,
    () =>
      addressChangeMail({
        to: change.new_email,
        // The new mailbox has proven nothing yet: nothing the contact wrote (its name) goes there.
        name: null,
        locale,
        confirmUrl: `${deps.config.publicUrl}/address/${confirmSecret}`,
        validForMs: ADDRESS_CHANGE_TTL_MS,
        organization: deps.config.organization,
      }),
    { what: 'address change mail', contactId: contact.id, onFailure: counted.refund },
  )
  return { alreadyDone: false }
}

/**
 * The request behind a link secret, checked: unknown (400), expired (410, used or not: the link
 * lives one day), erased (410), or overtaken by another change of the address (410). A used one
 * is returned, so the page can say it is done (with a fresh preferences link), only while the
 * contact still has the address it confirmed: an old mailbox must not learn later addresses. An
 * address that changed and came back (A to B to A) has moved on too: the address version says so.
 *
 * @example const { change, contact } = await openAddressChange(deps, secret)
 */
export async function openAddressChange(
  deps: Pick<Deps, 'db' | 'now'>,
  secret: string,
): Promise<{ change: AddressChangeRow; contact: ContactRow }> {
  const change =
    secret.length <= 100 ? await findAddressChange(deps.db, await secretId(secret)) : undefined
  if (!change) throw new AppError('invalid_token', 'This link is not valid')
  const contact = await findContactById(deps.db, change.contact_id)
  if (change.expires_at < deps.now()) throw new AppError('link_expired', 'This link has expired')
  if (!contact) throw new AppError('gone', 'The contact was erased')
  // A used confirmation link made the one change it was for; any other link expects none.
  const moved = change.stage === 'confirm' && change.used_at !== null
  const email = moved ? change.new_email : change.old_email
  const version = change.address_version + (moved ? 1 : 0)
  if (contact.email !== email || Number(contact.address_version) !== version)
    throw new AppError('link_expired', 'The address changed since this link was sent')
  return { change, contact }
}

/**
 * The new mailbox confirmed: the address changes (ledger, Mailchimp, and every older link stops
 * working through its binding to the address), then the old address is told. An address that
 * meanwhile belongs to someone else is `conflict` (409), nothing changed.
 *
 * @example const contact = await confirmAddressChange(deps, secret, { ip, userAgent })
 */
export async function confirmAddressChange(
  deps: Deps,
  secret: string,
  client: { ip: string | null; userAgent: string | null },
): Promise<{ contact: ContactRow; alreadyDone: boolean }> {
  const { change, contact } = await openAddressChange(deps, secret)
  if (change.stage !== 'confirm') throw new AppError('invalid_token', 'This link is not valid')
  if (change.used_at !== null) return { contact, alreadyDone: true }
  // The link is spent in the change's own transaction, and the change applies only to the
  // contact as this link found it: of two presses (a double click) or two links confirmed at
  // once, one changes the address; the other changes nothing.
  let firstUse = true
  try {
    await changeAddress(
      deps,
      contact,
      change.new_email,
      { source: 'preferences', ip: client.ip, userAgent: client.userAgent },
      {
        // Read under the contact's lock (PostgreSQL) or alone (SQLite): a second press finds
        // the link spent. No affected-row count: D1 reports none inside a transaction.
        check: async (trx) => {
          firstUse = (await findAddressChange(trx, change.id))?.used_at === null
          if (!firstUse) throw new AppError('link_used', 'This link was used already')
        },
        write: (trx) => markAddressChangeUsed(trx, change.id, deps.now()).then(() => undefined),
      },
    )
  } catch (error) {
    if (!firstUse) return reopened(deps, secret)
    if (error instanceof AppError && (error.details as { stale?: boolean })?.stale)
      throw new AppError('link_expired', 'The address changed since this link was sent')
    throw error
  }
  // Re-read: the change bumped the address version that fresh links must carry.
  const fresh = (await findContactById(deps.db, contact.id)) ?? contact
  await sendMail(
    deps,
    () =>
      addressChangedMail({
        to: change.old_email,
        name: contact.name,
        locale: normalizeLocale(contact.locale) ?? 'en',
        maskedNewEmail: maskEmail(change.new_email),
        organization: deps.config.organization,
        replyTo: deps.config.mailReplyTo,
      }),
    { what: 'address changed notice', contactId: contact.id },
  )
  return { contact: fresh, alreadyDone: false }
}

/** The other press of a double click: the page says it is done, if the link still says so. */
async function reopened(
  deps: Deps,
  secret: string,
): Promise<{ contact: ContactRow; alreadyDone: boolean }> {
  const { contact } = await openAddressChange(deps, secret)
  return { contact, alreadyDone: true }
}
