import type { Locale } from './locale.js'

/** British day-month order for English, as the rest of the wording is British. */
const tags: Record<Locale, string> = { en: 'en-GB', pl: 'pl', fi: 'fi' }

/**
 * A day in words (UTC), as a person reads it in their language.
 *
 * @example formatDate('pl', Date.UTC(2027, 2, 3)) // '3 marca 2027'
 */
export function formatDate(locale: Locale, ms: number): string {
  return new Intl.DateTimeFormat(tags[locale], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(Number(ms)))
}
