import { z } from 'zod'
import { isYes } from '../public/body.js'

const first = (value: unknown) => (Array.isArray(value) ? value[0] : value)

/** `restricted`: 1/0, true/false (form text or JSON boolean); anything else is a 400. */
export const restrictSchema = z.object({
  restricted: z.preprocess(
    first,
    z.union([z.boolean(), z.enum(['0', '1', 'true', 'false'])], {
      error: 'restricted must be 1 or 0',
    }),
  ),
  confirm_cancel: z.unknown().optional().transform(isYes),
  /** Sent by the confirmation page's own form: a missing tick there is an error. */
  confirming: z.unknown().optional().transform(isYes),
})

/** The erase form: the explicit tick, and the cancel-account tick where it applies. */
export const eraseSchema = z.object({
  confirm: z.unknown().optional().transform(isYes),
  confirm_cancel: z.unknown().optional().transform(isYes),
})

/** Whether a parsed `restricted` value asks to restrict. */
export const restrictOn = (value: boolean | string) =>
  value === true || value === '1' || value === 'true'
