import type { ContactRow } from '../../db/schema.js'
import { preferencesUrl } from '../../domain/links/links.js'
import { contactForToken, verifyLink } from '../../domain/links/token-contact.js'
import type { Deps } from '../../deps.js'
import { saveContactLocale } from '../../domain/subscription/contact-profile.js'
import type { AppContext } from '../../http/env.js'
import { pickLocale, type Locale } from '../../i18n/locale.js'
import type { TokenClaims, TokenPurpose } from '../../tokens/tokens.js'

export interface OpenedLink {
  token: string
  claims: TokenClaims
  contact: ContactRow
  locale: Locale
}

/**
 * Verifies the `:token` of a signed link and loads its contact; from then on pages speak the
 * language chosen during the visit, else the contact's own. Bad tokens throw `invalid_token` (400), expired ones `link_expired`
 * (410), and a link of an erased contact `gone` (410).
 *
 * @example const { contact, claims, locale } = await openLink(c, 'preferences')
 */
export async function openLink(
  c: AppContext,
  purpose: TokenPurpose | TokenPurpose[],
): Promise<OpenedLink> {
  const deps = c.get('deps')
  const token = c.req.param('token') ?? ''
  const claims = await verifyLink(deps, token, purpose)
  const contact = await contactForToken(deps, claims)
  const locale =
    c.get('chosenLocale') ?? pickLocale(contact.locale, c.req.header('accept-language'))
  c.set('locale', locale)
  return { token, claims, contact, locale }
}

/** The path of a link page, for forms that post to a sibling route. */
export function linkPath(kind: 'confirm' | 'unsubscribe' | 'preferences', token: string): string {
  return `/${kind}/${encodeURIComponent(token)}`
}

/**
 * The preferences page a link page leads on to, signed for the same contact and carrying the
 * link's origin: a page reached through a link minted for staff stays marked `admin_link` in the
 * ledger, whatever is done there (an attacker review).
 *
 * @example const prefs = await derivedPreferencesPath(deps, contact, claims)
 */
export async function derivedPreferencesPath(
  deps: Deps,
  contact: ContactRow,
  claims: Pick<TokenClaims, 'origin'>,
): Promise<string> {
  return new URL(await preferencesUrl(deps, { ...contact, origin: claims.origin })).pathname
}

/**
 * Saves the language chosen during the visit as the contact's locale, once the person has acted
 * (a successful POST): opening a page must not change anything, and later mail should speak the
 * language they picked.
 *
 * @example await rememberLocale(c, link)
 */
export async function rememberLocale(c: AppContext, link: OpenedLink): Promise<void> {
  const chosen = c.get('chosenLocale')
  if (chosen && chosen !== link.contact.locale)
    await saveContactLocale(c.get('deps'), link.contact.id, chosen)
}
