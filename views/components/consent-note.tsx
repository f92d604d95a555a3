/** @jsxRuntime automatic @jsxImportSource #jsx */
import { consentWording } from '../../src/domain/subscription/consent-text.js'
import type { Locale } from '../../src/i18n/locale.js'

/**
 * What joining a list again from a link means, and who processes the data: shown where the
 * person ticks a list again (the preferences page, undo), and stored with each such consent.
 *
 * @example <ConsentNote locale="fi" />
 */
export function ConsentNote({ locale }: { locale: Locale }) {
  const wording = consentWording(locale)
  return (
    <>
      <p class="consent small">{wording.renewal}</p>
      <p class="consent small">{wording.processors}</p>
    </>
  )
}
