/** @jsxRuntime automatic @jsxImportSource #jsx */
import { consentWording } from '../../src/domain/subscription/consent-text.js'
import type { Locale } from '../../src/i18n/locale.js'

/**
 * What joining a list again from a link means, and who processes the data: shown where the
 * person ticks a list again (the preferences page, undo), and stored with each such consent.
 *
 * @example <ConsentNote locale="fi" />
 */
export function ConsentNote({
  locale,
  kind = 'renewal',
}: {
  locale: Locale
  /** The preferences page's save (`renewal`) or the unsubscribed page's `undo`. */
  kind?: 'renewal' | 'undo'
}) {
  const wording = consentWording(locale)
  return (
    <>
      <p class="consent small">{wording[kind]}</p>
      <p class="consent small">{wording.processors}</p>
    </>
  )
}
