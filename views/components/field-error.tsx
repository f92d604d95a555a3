/** @jsxRuntime automatic @jsxImportSource #jsx */

/** A message per form field, in the visitor's language, to show beside the field. */
export type FieldErrors = Partial<Record<'email' | 'lists' | 'name', string>>

/**
 * The message beside a refused field; the field points at it with `aria-describedby` so screen
 * readers read both together.
 */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null
  return (
    <p id={id} class="field-error">
      {message}
    </p>
  )
}

/** The attributes a refused field carries (none when it is fine). */
export function invalidAttributes(id: string, message: string | undefined) {
  return message ? { 'aria-invalid': 'true', 'aria-describedby': id } : {}
}
