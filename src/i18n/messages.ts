import type { Catalogue, MessageKey } from './catalogue.js'
import { en } from './en.js'
import { fi } from './fi.js'
import type { Locale } from './locale.js'
import { pl } from './pl.js'

export type { MessageKey } from './catalogue.js'

const catalogues: Record<Locale, Catalogue> = { en, pl, fi }

/** True when the catalogue has `key`; lets callers translate ids (list names) with a fallback. */
export function hasMessage(key: string): key is MessageKey {
  return Object.hasOwn(en, key)
}

/**
 * The message for `key` in `locale`, with `{name}` placeholders filled from `params`.
 *
 * @example t('fi', 'error.title') // 'Jokin ei ole kunnossa'
 */
export function t(
  locale: Locale,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  const text = catalogues[locale]?.[key] ?? en[key]
  // Most messages have no placeholder: skip the pattern, which pages call dozens of times.
  if (!text.includes('{')) return text
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  )
}
