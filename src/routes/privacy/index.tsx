/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { ContactRow } from '../../db/schema.js'
import { eraseContact } from '../../domain/privacy/erase.js'
import { exportFileName, exportPersonalData } from '../../domain/privacy/export-data.js'
import { setRestriction } from '../../domain/privacy/restrict.js'
import { AppError } from '../../errors.js'
import { type AppContext, type AppEnv, clientIp, userAgent } from '../../http/env.js'
import { pickLocale } from '../../i18n/locale.js'
import { findContactById } from '../../repos/contacts.js'
import { PrivacyDonePage } from '../../../views/pages/privacy-done-page.js'
import { PrivacyErasePage } from '../../../views/pages/privacy-erase-page.js'

/** Self-service privacy rights behind the signed preferences link: export, erase, restrict. */
export const privacyRoutes = new Hono<AppEnv>()

/** The contact a preferences token names: forged or other-purpose links are 400, erased contacts 410. */
async function contactFor(c: AppContext): Promise<ContactRow> {
  const deps = c.get('deps')
  const result = await deps.tokens.verify(
    c.req.param('token') ?? '',
    'preferences',
    Math.floor(deps.now() / 1000),
  )
  if (!result.ok) throw new AppError('invalid_token', 'This link is not valid')
  const contact = await findContactById(deps.db, result.claims.contactId)
  if (!contact) throw new AppError('gone', 'This link no longer works')
  c.set('locale', pickLocale(contact.locale, c.req.header('accept-language')))
  return contact
}

/** Form fields of a POST; anything unreadable counts as empty (the rules then refuse it). */
async function formFields(c: AppContext): Promise<Record<string, unknown>> {
  const type = c.req.header('content-type') ?? ''
  try {
    if (/application\/json/i.test(type)) {
      const value: unknown = await c.req.json()
      return value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>)
        : {}
    }
    if (/application\/x-www-form-urlencoded|multipart\/form-data/i.test(type))
      return (await c.req.parseBody()) as Record<string, unknown>
  } catch {
    throw new AppError('bad_request', 'The form could not be read')
  }
  return {}
}

const yes = (value: unknown) =>
  typeof value === 'string' && ['yes', 'true', '1', 'on'].includes(value.toLowerCase())

// Download my data: POST, so a link scanner never triggers a download of personal data.
privacyRoutes.post('/preferences/:token/export', async (c) => {
  const deps = c.get('deps')
  const contact = await contactFor(c)
  c.header('Content-Disposition', `attachment; filename="${exportFileName(deps.now())}"`)
  return c.json(await exportPersonalData(deps, contact))
})

privacyRoutes.get('/preferences/:token/erase', async (c) => {
  await contactFor(c)
  return c.html(<PrivacyErasePage locale={c.get('locale')} token={c.req.param('token')} />)
})

privacyRoutes.post('/preferences/:token/erase', async (c) => {
  const deps = c.get('deps')
  const contact = await contactFor(c)
  const fields = await formFields(c)
  if (!yes(fields.confirm)) {
    if (c.req.header('accept')?.includes('application/json'))
      throw new AppError('confirmation_required', 'Send confirm=yes to erase')
    return c.html(
      <PrivacyErasePage locale={c.get('locale')} token={c.req.param('token')} error />,
      400,
    )
  }
  await eraseContact(deps, contact, {
    source: 'preferences',
    ip: clientIp(c),
    userAgent: userAgent(c),
  })
  if (c.req.header('accept')?.includes('application/json')) return c.json({ status: 'erased' })
  return c.html(
    <PrivacyDonePage locale={c.get('locale')} title="erased.title" body="erased.body" />,
  )
})

privacyRoutes.post('/preferences/:token/restrict', async (c) => {
  const deps = c.get('deps')
  const contact = await contactFor(c)
  const value = String((await formFields(c)).restricted ?? '')
  if (!['0', '1', 'true', 'false'].includes(value))
    throw new AppError('invalid_body', 'restricted must be 1 or 0')
  const restricted = value === '1' || value === 'true'
  await setRestriction(deps, contact, restricted, {
    source: 'preferences',
    ip: clientIp(c),
    userAgent: userAgent(c),
  })
  if (c.req.header('accept')?.includes('application/json')) return c.json({ restricted })
  return c.html(
    <PrivacyDonePage
      locale={c.get('locale')}
      title={restricted ? 'restrict.on.title' : 'restrict.off.title'}
      body={restricted ? 'restrict.on.body' : 'restrict.off.body'}
      backUrl={`/preferences/${c.req.param('token')}`}
    />,
  )
})
