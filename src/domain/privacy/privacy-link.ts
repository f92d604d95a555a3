import type { ContactRow, Db } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import type { Locale } from '../../i18n/locale.js'
import { normalizeLocale } from '../../i18n/locale.js'
import { sendMail } from '../../mail/send-mail.js'
import { isLinkUsed, markLinkUsed } from '../../repos/used-links.js'
import { privacyLinkMail } from '../../../views/mail/privacy-link-mail.js'
import { countMailTo } from '../limits/throttle.js'
import { privacyActionUrl } from '../links/links.js'

export type PrivacyAction = 'export' | 'erase'

/**
 * Download and erase are the most sensitive rights, and the preferences link travels in every
 * mail (and every forwarded mail). So the preferences page only mails a one-hour, single-use
 * link for the action to the contact's address; that link does the rest. Rate-limited per
 * mailbox like every mail a form can trigger; the answer is the same either way.
 *
 * @example await mailPrivacyLink(deps, contact, 'erase', 'en')
 */
export async function mailPrivacyLink(
  deps: Deps,
  contact: ContactRow,
  action: PrivacyAction,
  locale: Locale,
): Promise<boolean> {
  const counted = await countMailTo(deps, 'privacy-mail', contact.email)
  if (!counted.allowed) return false
  return sendMail(
    deps,
    async () =>
      privacyLinkMail({
        to: contact.email,
        locale: normalizeLocale(contact.locale) ?? locale,
        action,
        url: await privacyActionUrl(deps, contact, action),
        organization: deps.config.organization,
      }),
    { what: `${action} link mail`, contactId: contact.id, onFailure: counted.refund },
  )
}

/** The part of a token that identifies it: its signature. */
function linkId(token: string): string {
  return token.slice(token.lastIndexOf('.') + 1)
}

/** Refuses a single-use link that was spent already (`link_used`, 410). */
export async function requireUnusedLink(deps: Pick<Deps, 'db'>, token: string): Promise<void> {
  if (await isLinkUsed(deps.db, linkId(token)))
    throw new AppError('link_used', 'This link has already been used')
}

/**
 * Spends a single-use link inside the transaction of the action it allows (see eraseContact's
 * `alsoWrite`), so that an action that fails leaves the link unspent. A racing second use
 * fails on the link's unique id and its whole transaction goes.
 *
 * @example await eraseContact(deps, contact, evidence, { alsoWrite: (trx) => spendLinkIn(trx, deps, token) })
 */
export async function spendLinkIn(trx: Db, deps: Pick<Deps, 'now'>, token: string): Promise<void> {
  await markLinkUsed(trx, linkId(token), deps.now())
}

/**
 * Spends a single-use link before its action runs; a second use, even a racing one, fails.
 *
 * @example await spendLink(deps, token); return c.json(await exportPersonalData(deps, contact))
 */
export async function spendLink(deps: Pick<Deps, 'db' | 'now'>, token: string): Promise<void> {
  await requireUnusedLink(deps, token)
  try {
    await markLinkUsed(deps.db, linkId(token), deps.now())
  } catch {
    throw new AppError('link_used', 'This link has already been used')
  }
}
