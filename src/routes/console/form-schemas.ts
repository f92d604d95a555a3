import { z } from 'zod'
import { listIdField, plainText } from '../../http/fields.js'

const checkbox = z
  .union([z.literal('1'), z.literal('on')])
  .optional()
  .transform((value) => value !== undefined)

/** The console's list form: the same limits as the API's list schema. */
export const ListForm = z.object({
  name: plainText('name', 200).pipe(z.string().min(1, 'name is required')),
  description: plainText('description', 2000, { multiline: true }).default(''),
  legal_basis: z.enum(['consent', 'legitimate_interest', 'contract']),
  public: checkbox,
  double_opt_in: checkbox,
  cancels_account: checkbox,
  synced: checkbox,
})

export const NewListForm = ListForm.extend({
  id: listIdField,
})

/** A list id in a console path. */
export const ListId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/)

/** A contact id in a console path (22 base64url characters, see src/ids.ts). */
export const ContactId = z.string().regex(/^[A-Za-z0-9_-]{10,64}$/)
