import type { Deps } from '../../deps.js'
import type { Locale } from '../../i18n/locale.js'
import { updateContact } from '../../repos/contacts.js'

/**
 * Stores the language a person chose on a page as the language of their future mail.
 *
 * @example await saveContactLocale(deps, contact.id, 'fi')
 */
export async function saveContactLocale(
  deps: Pick<Deps, 'db' | 'now'>,
  contactId: string,
  locale: Locale,
): Promise<void> {
  await updateContact(deps.db, contactId, { locale, updated_at: deps.now() })
}

/**
 * Changes the name a person gave (undefined: no name). The name only greets them in mail, so
 * it needs no consent record.
 *
 * @example await saveContactName(deps, contact.id, 'Ada Lovelace')
 */
export async function saveContactName(
  deps: Pick<Deps, 'db' | 'now'>,
  contactId: string,
  name: string | undefined,
): Promise<void> {
  await updateContact(deps.db, contactId, { name: name ?? null, updated_at: deps.now() })
}
