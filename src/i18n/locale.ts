export const locales = ['en', 'pl', 'fi'] as const
export type Locale = (typeof locales)[number]
export const defaultLocale: Locale = 'en'

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (locales as readonly string[]).includes(value)
}

/** Maps `pl-PL`, `FI` and the like to a supported locale, or undefined. */
export function normalizeLocale(value: string | null | undefined): Locale | undefined {
  const base = value?.trim().toLowerCase().split(/[-_]/)[0]
  return isLocale(base) ? base : undefined
}

/**
 * Picks the page language: the contact's own locale first, then the best supported entry of
 * Accept-Language by quality, then English.
 *
 * @example pickLocale(null, 'fi;q=0.9, en;q=0.8') // 'fi'
 */
export function pickLocale(
  contactLocale: string | null | undefined,
  acceptLanguage: string | null | undefined,
): Locale {
  const own = normalizeLocale(contactLocale)
  if (own) return own
  const ranked = (acceptLanguage ?? '')
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';')
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find(Boolean)
      return { locale: normalizeLocale(tag), q: q === undefined ? 1 : Number(q), index }
    })
    .filter(
      (entry): entry is { locale: Locale; q: number; index: number } =>
        entry.locale !== undefined && entry.q > 0,
    )
    .sort((a, b) => b.q - a.q || a.index - b.index)
  return ranked[0]?.locale ?? defaultLocale
}
