import { AppError } from '../errors.js'

/**
 * Whether a database error is a unique-key violation: two requests raced to insert the same
 * row (the same new contact, the same new subscription). Recognises better-sqlite3
 * (`SQLITE_CONSTRAINT_UNIQUE` / `_PRIMARYKEY`), node-pg (SQLSTATE 23505) and D1 (its message
 * carries SQLite's "UNIQUE constraint failed").
 *
 * @example if (isUniqueViolation(error)) return retry()
 */
export function isUniqueViolation(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, message, cause } = error as { code?: unknown; message?: unknown; cause?: unknown }
  if (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
    return true
  if (typeof message === 'string' && /UNIQUE constraint failed/i.test(message)) return true
  return cause !== undefined && cause !== error && isUniqueViolation(cause)
}

/**
 * Whether a D1 batch was refused by lockContact's guard (migration 0110): the contact changed
 * between the transaction's reads and its commit, nothing of the batch was written, and the
 * transaction may run again. D1 reports SQLite's "CHECK constraint failed" with the name.
 *
 * @example if (isContactChangedMeanwhile(error)) continue
 */
export function isContactChangedMeanwhile(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { message, cause } = error as { message?: unknown; cause?: unknown }
  if (typeof message === 'string' && message.includes('contact_changed_meanwhile')) return true
  return cause !== undefined && cause !== error && isContactChangedMeanwhile(cause)
}

/**
 * Whether a database error says the text cannot be stored: PostgreSQL refuses U+0000 in text
 * (SQLSTATE 22021, "invalid byte sequence for encoding UTF8: 0x00") and characters its encoding
 * lacks (22P05). Inputs are checked at the edges; this keeps any that slip past a 400.
 *
 * @example if (isUnstorableText(error)) return new AppError('bad_request', UNSTORABLE_MESSAGE)
 */
export function isUnstorableText(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false
  const { code, cause } = error as { code?: unknown; cause?: unknown }
  if (code === '22021' || code === '22P05') return true
  return cause !== undefined && cause !== error && isUnstorableText(cause)
}

/**
 * Runs a use-case again when it lost a race: an insert race (a unique violation), so the second
 * run reads the row the winner committed and takes the update path; or the contact it read was
 * erased before its transaction locked it (lockContact's `not_found`), so the second run finds
 * the address as it is now. The client gets the answer it would have got a moment later instead
 * of a 5xx or a 404. `work` must do its reads itself (re-read on every attempt).
 *
 * @example const result = await retryOnConflict(() => upsertContact(deps, input))
 */
export async function retryOnConflict<T>(work: () => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work()
    } catch (error) {
      const lost = error instanceof AppError ? error.code === 'not_found' : isUniqueViolation(error)
      if (attempt >= attempts || !lost) throw error
    }
  }
}
