import { AppError } from '../../errors.js'
import { errorMessage } from '../../http/render-error.js'
import type { Locale } from '../../i18n/locale.js'
import { t } from '../../i18n/messages.js'
import type { FieldErrors } from '../../../views/components/field-error.js'

export type { FieldErrors }

/**
 * Turns a refused form into messages beside its fields, or undefined when the error is not about
 * a field (a bad token, a too large body): those keep their error page.
 *
 * @example const errors = fieldErrors('pl', error, body) // { lists: 'Wybierz co najmniej jedną listę.' }
 */
export function fieldErrors(
  locale: Locale,
  error: unknown,
  body: Record<string, unknown>,
): FieldErrors | undefined {
  if (!(error instanceof AppError)) return undefined
  if (error.code === 'invalid_email') return { email: errorMessage(locale, error) }
  if (error.code === 'unknown_list' || error.code === 'list_not_open')
    return { lists: errorMessage(locale, error) }
  if (error.code !== 'invalid_body') return undefined
  const field = (error.details as { field?: string } | undefined)?.field
  if (field === 'name') return { name: t(locale, 'field.name.invalid') }
  if (field === 'lists') {
    const none = asList(body.lists).length === 0
    return { lists: t(locale, none ? 'error.msg.no_lists' : 'error.msg.invalid_body') }
  }
  if (field === 'email') return { email: t(locale, 'error.msg.invalid_email') }
  return undefined
}

/** The text values of a form field that may be repeated (non-text parts are dropped). */
export function asList(value: unknown): string[] {
  const values = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return values.filter((item): item is string => typeof item === 'string' && item !== '')
}

/** One text value of a form field, cut to `max` characters, for refilling a form. */
export function asText(value: unknown, max = 300): string {
  const first = Array.isArray(value) ? value[0] : value
  return typeof first === 'string' ? first.slice(0, max) : ''
}
