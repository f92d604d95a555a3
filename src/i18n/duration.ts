import type { Locale } from './locale.js'
import { t } from './messages.js'

const units = [
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1000],
] as const

/**
 * A duration in words, in the largest whole unit that fits, with the plural form the language
 * asks for (Intl.PluralRules: Polish has one/few/many, Finnish one/other). Under a second counts
 * as one second: a link never "works for 0 seconds".
 *
 * @example formatDuration('pl', 2 * 86_400_000) // '2 dni'
 */
export function formatDuration(locale: Locale, ms: number): string {
  const [unit, size] = units.find(([, size]) => ms >= size) ?? units[units.length - 1]!
  const n = Math.max(1, Math.floor(ms / size))
  const form = new Intl.PluralRules(locale).select(n)
  const category = form === 'one' || form === 'few' || form === 'many' ? form : 'other'
  return t(locale, `duration.${unit}.${category}`, { n })
}
