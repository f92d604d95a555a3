import type { Deps } from '../../deps.js'
import { normalizeLocale, type Locale } from '../../i18n/locale.js'
import { preferencesLinkMail } from '../../../views/mail/preferences-link-mail.js'
import { findContactByEmail } from '../../repos/contacts.js'
import { listUnsubscribeHeaders, preferencesUrl, unsubscribeUrl } from '../links/links.js'
import { sendMail } from '../../mail/send-mail.js'
import { addressAllowed, ipAllowed } from '../limits/throttle.js'

export type ManageOutcome =
  | 'mail_sent'
  | 'unknown'
  | 'limited_ip'
  | 'limited_address'
  | 'mail_failed'

/**
 * "Email me a link to my preferences": mails the signed preferences link to a known address,
 * rate-limited like sign-up. Callers answer the same whatever the outcome, so the form cannot
 * tell who is on our lists. Restricted and cleaned contacts get it too: they asked for it.
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
  if (!contact) return 'unknown'
  if (!(await addressAllowed(deps, 'manage-mail', email))) return 'limited_address'
  const sent = await sendMail(
    deps,
    async () => {
      const allUrl = await unsubscribeUrl(deps, contact.id)
      return preferencesLinkMail({
        to: contact.email,
        name: contact.name,
        locale: normalizeLocale(contact.locale) ?? request.locale,
        preferencesUrl: await preferencesUrl(deps, contact.id),
        unsubscribeAllUrl: allUrl,
        // The all-lists link may be one-click: it never cancels an account without explicit confirmation.
        headers: listUnsubscribeHeaders({ cancels_account: 0 }, allUrl),
        organization: deps.config.organization,
      })
    },
    { what: 'preferences link mail', contactId: contact.id },
  )
  if (!sent) return 'mail_failed'
  return 'mail_sent'
}
