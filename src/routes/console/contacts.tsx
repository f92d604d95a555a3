/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import type { Context } from 'hono'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import { toAppError } from '../../app.js'
import { audit } from '../../domain/admin/audit.js'
import { changeAddress } from '../../domain/admin/contacts.js'
import { contactView } from '../../domain/links/contact-view.js'
import { eraseContact } from '../../domain/privacy/erase.js'
import { exportFileName, exportPersonalData } from '../../domain/privacy/export-data.js'
import { setRestriction } from '../../domain/privacy/restrict.js'
import { acceptsAsNew, normalizeEmail } from '../../domain/subscription/email.js'
import { requestPreferencesLink } from '../../domain/subscription/manage.js'
import { AppError } from '../../errors.js'
import { t } from '../../i18n/messages.js'
import { findContactByEmail, findContactById } from '../../repos/contacts.js'
import { ContactFindPage, ContactPage } from '../../../views/console/contacts-page.js'
import type { ConsoleEnv } from './console-env.js'
import { ContactId } from './form-schemas.js'
import { consoleForm, field, requireWrite } from './guards.js'

/**
 * Contacts: find one by its exact address, see it with its ledger, and act on it through the
 * same use-cases as the admin API. Paths name contacts by id, never by address.
 */
export const contactRoutes = new Hono<ConsoleEnv>()

const notices = {
  link: 'console.contacts.link_sent',
  nolink: 'console.contacts.link_not_sent',
  address: 'console.contacts.address_changed',
  erased: 'console.contacts.erased',
  done: 'console.done',
} as const

function noticeOf(c: Context<ConsoleEnv>): string | undefined {
  const done = c.req.query('done') as keyof typeof notices | undefined
  return done && done in notices ? t(c.get('locale'), notices[done]) : undefined
}

async function contactOf(c: Context<ConsoleEnv>) {
  const id = ContactId.safeParse(c.req.param('id'))
  const contact = id.success ? await findContactById(c.get('deps').db, id.data) : undefined
  if (!contact) throw new AppError('not_found', 'No contact with that id')
  return contact
}

contactRoutes.get('/contacts', (c) =>
  c.render(
    <ContactFindPage locale={c.get('locale')} session={c.var.session} notice={noticeOf(c)} />,
  ),
)

// A POST, read-only: the address stays out of URLs, logs and browser history.
contactRoutes.post('/contacts/find', async (c) => {
  const email = normalizeEmail(field(await consoleForm(c), 'email'))
  const contact = email ? await findContactByEmail(c.get('deps').db, email) : undefined
  if (!contact) {
    const locale = c.get('locale')
    const error = email
      ? t(locale, 'console.contacts.not_found')
      : t(locale, 'error.msg.invalid_email')
    return c.render(
      <ContactFindPage locale={locale} session={c.var.session} error={error} />,
      email ? 404 : 400,
    )
  }
  return c.redirect(`/admin/contacts/${contact.id}`, 303)
})

contactRoutes.get('/contacts/:id', async (c) => {
  const deps = c.get('deps')
  const contact = await contactOf(c)
  return c.render(
    <ContactPage
      locale={c.get('locale')}
      session={c.var.session}
      contact={await contactView(deps, contact)}
      notice={noticeOf(c)}
    />,
  )
})

// A POST so that the download is in the audit log (a GET changes nothing, not even that); it
// changes no data, so a read key may download it, as with the API.
contactRoutes.post('/contacts/:id/export', async (c) => {
  const deps = c.get('deps')
  const contact = await contactOf(c)
  await audit(deps, c.var.session.actor, 'contact.export', contact.id)
  c.header('Content-Disposition', `attachment; filename="${exportFileName(deps.now())}"`)
  return c.json(await exportPersonalData(deps, contact))
})

contactRoutes.post('/contacts/:id/send-link', requireWrite, async (c) => {
  const deps = c.get('deps')
  const contact = await contactOf(c)
  const outcome = await requestPreferencesLink(deps, contact.email, {
    ip: null,
    locale: c.get('locale'),
  })
  await audit(deps, c.var.session.actor, 'contact.send_link', contact.id, { outcome })
  const done = outcome === 'mail_sent' ? 'link' : 'nolink'
  return c.redirect(`/admin/contacts/${contact.id}?done=${done}`, 303)
})

contactRoutes.post('/contacts/:id/restriction', requireWrite, async (c) => {
  const deps = c.get('deps')
  const contact = await contactOf(c)
  const restricted = (await consoleForm(c)).restricted === '1'
  await setRestriction(deps, contact, restricted, { source: 'admin' })
  await audit(
    deps,
    c.var.session.actor,
    restricted ? 'contact.restrict' : 'contact.unrestrict',
    contact.id,
  )
  return c.redirect(`/admin/contacts/${contact.id}?done=done`, 303)
})

contactRoutes.post('/contacts/:id/address', requireWrite, async (c) => {
  const deps = c.get('deps')
  const contact = await contactOf(c)
  const typed = field(await consoleForm(c), 'email')
  const next = normalizeEmail(typed)
  const locale = c.get('locale')
  // A refusal comes back to the contact's page, as typed, the problem on the field.
  const refuse = async (message: string, status: ContentfulStatusCode) =>
    c.render(
      <ContactPage
        locale={locale}
        session={c.var.session}
        contact={await contactView(deps, contact)}
        addressError={{ value: typed.slice(0, 254), message }}
      />,
      status,
    )
  if (!next || !acceptsAsNew(next))
    return refuse(t(locale, 'console.contacts.address_invalid'), 400)
  try {
    await changeAddress(deps, contact, next)
  } catch (error) {
    const refusal = toAppError(error)
    if (refusal.status >= 500) throw error
    return refuse(refusal.message, refusal.status)
  }
  await audit(deps, c.var.session.actor, 'contact.change_address', contact.id)
  return c.redirect(`/admin/contacts/${contact.id}?done=address`, 303)
})

contactRoutes.post('/contacts/:id/erase', requireWrite, async (c) => {
  const deps = c.get('deps')
  const contact = await contactOf(c)
  const typed = normalizeEmail(field(await consoleForm(c), 'confirm_email'))
  if (typed !== contact.email) {
    const locale = c.get('locale')
    return c.render(
      <ContactPage
        locale={locale}
        session={c.var.session}
        contact={await contactView(deps, contact)}
        error={t(locale, 'console.contacts.erase_mismatch')}
      />,
      400,
    )
  }
  await eraseContact(deps, contact, { source: 'admin' })
  await audit(deps, c.var.session.actor, 'contact.erase', contact.id)
  return c.redirect('/admin/contacts?done=erased', 303)
})
