import type { Locale } from './locale.js'

const en = {
  'app.name': 'Prefcenter',
  'layout.skip': 'Skip to content',
  'error.title': 'Something is not right',
  'error.code': 'Error code',
  'error.home': 'Back to the start page',
} as const

export type MessageKey = keyof typeof en

const catalogues: Record<Locale, Record<MessageKey, string>> = {
  en,
  pl: {
    'app.name': 'Prefcenter',
    'layout.skip': 'Przejdź do treści',
    'error.title': 'Coś jest nie tak',
    'error.code': 'Kod błędu',
    'error.home': 'Wróć na stronę główną',
  },
  fi: {
    'app.name': 'Prefcenter',
    'layout.skip': 'Siirry sisältöön',
    'error.title': 'Jokin ei ole kunnossa',
    'error.code': 'Virhekoodi',
    'error.home': 'Takaisin etusivulle',
  },
}

/**
 * The message for `key` in `locale`, with `{name}` placeholders filled from `params`.
 *
 * @example t('fi', 'error.title')
 */
export function t(locale: Locale, key: MessageKey, params: Record<string, string | number> = {}): string {
  const text = catalogues[locale][key] ?? en[key]
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole))
}
