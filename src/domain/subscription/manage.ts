import type { ContactRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { normalizeLocale, type Locale } from '../../i18n/locale.js'
import type { MailMessage } from '../../mail/mailer.js'
import { preferencesLinkMail } from '../../../views/mail/preferences-link-mail.js'
import { findContactByEmail, findSubscriptions, newContactRow } from '../../repos/contacts.js'
import { listUnsubscribeHeaders, preferencesUrl, unsubscribeUrl } from '../links/links.js'
import { discardingMailer, sendMail } from '../../mail/send-mail.js'
import { countMailTo, ipAllowed } from '../limits/throttle.js'

export type ManageOutcome =
  | 'mail_sent'
  | 'unknown'
  | 'limited_ip'
  | 'limited_address'
  | 'mail_failed'

/**
 * "Email me a link to my preferences": mails the signed preferences link to a known address,
 * rate-limited like sign-up. Callers answer the same whatever the outcome, so the form cannot
 * tell who is on our lists; and known and unknown addresses do the same work (the limit's
 * write, the subscriptions read, the mail composed), so the response time cannot tell either.
 * Restricted and cleaned contacts get it too: they asked for it.
 *
 * @example await requestPreferencesLink(deps, 'ada@example.com', { ip, locale: 'en' })
 */
export async function requestPreferencesLink(
  deps: Deps,
  email: string,
  request: { ip: string | null; locale: Locale },
): Promise<ManageOutcome> {
  if (!(await ipAllowed(deps, 'manage', request.ip))) return 'limited_ip'
  const contact = await findContactByEmail(deps.db, email)
  // Counted for unknown addresses too: the same write on both paths.
  const counted = await countMailTo(deps, 'manage-mail', email)
  const subject = contact ?? newContactRow(email, deps.now())
  const confirmed = await hasConfirmed(deps, subject.id)
  if (!contact) {
    // Composed and "sent" the same way, into a mailer that drops it: the same work, no mail.
    await sendMail(
      { ...deps, mailer: discardingMailer },
      () => composeManageMail(deps, subject, false, request.locale),
      { what: 'preferences link mail', contactId: subject.id },
    )
    return 'unknown'
  }
  if (!counted.allowed) return 'limited_address'
  const sent = await sendMail(
    deps,
    () => composeManageMail(deps, contact, confirmed, request.locale),
    { what: 'preferences link mail', contactId: contact.id, onFailure: counted.refund },
  )
  if (!sent) return 'mail_failed'
  return 'mail_sent'
}

async function composeManageMail(
  deps: Deps,
  contact: ContactRow,
  confirmed: boolean,
  locale: Locale,
): Promise<MailMessage> {
  const allUrl = await unsubscribeUrl(deps, contact)
  return preferencesLinkMail({
    to: contact.email,
    // Only a name the mailbox owner stood behind (something confirmed since) is printed.
    name: confirmed ? contact.name : null,
    locale: normalizeLocale(contact.locale) ?? locale,
    preferencesUrl: await preferencesUrl(deps, contact),
    unsubscribeAllUrl: allUrl,
    // The all-lists link may be one-click: it never cancels an account without explicit confirmation.
    headers: listUnsubscribeHeaders({ cancels_account: 0 }, allUrl),
    organization: deps.config.organization,
  })
}

/** Whether the contact ever confirmed a list (subscribed now, or left after subscribing). */
async function hasConfirmed(deps: Pick<Deps, 'db'>, contactId: string): Promise<boolean> {
  const rows = await findSubscriptions(deps.db, contactId)
  return rows.some((row) => row.status === 'subscribed' || row.status === 'unsubscribed')
}
