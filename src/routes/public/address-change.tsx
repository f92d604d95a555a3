/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import { preferencesUrl } from '../../domain/links/links.js'
import {
  approveAddressChange,
  confirmAddressChange,
  maskEmail,
  openAddressChange,
} from '../../domain/subscription/address-change.js'
import { AppError } from '../../errors.js'
import { type AppContext, type AppEnv, clientIp, userAgent, wantsJson } from '../../http/env.js'
import { type Locale, pickLocale } from '../../i18n/locale.js'
import { t } from '../../i18n/messages.js'
import {
  AddressApprovePage,
  AddressChangedPage,
  AddressConfirmPage,
} from '../../../views/pages/address-change-page.js'
import { MessagePage } from '../../../views/pages/message-page.js'
import { readBody } from './body.js'

/**
 * `/address/:secret`: the two links of an address change asked for on the preferences page, the
 * one to the current address (approve) and then the one to the new address (confirm).
 */
export const addressChangeRoutes = new Hono<AppEnv>()

/** After the approval: the rest happens in the new mailbox. */
function approvedPage(c: AppContext, locale: Locale, alreadyDone: boolean) {
  return c.render(
    <MessagePage
      locale={locale}
      title={t(locale, 'address.sent.title')}
      paragraphs={[t(locale, alreadyDone ? 'address.approve.used' : 'address.sent.body')]}
    />,
  )
}

function pageLocale(c: AppContext, contactLocale: string | null | undefined): Locale {
  const locale = c.get('chosenLocale') ?? pickLocale(contactLocale, c.req.header('accept-language'))
  c.set('locale', locale)
  return locale
}

addressChangeRoutes.get('/address/:secret', async (c) => {
  const deps = c.get('deps')
  const { change, contact } = await openAddressChange(deps, c.req.param('secret'))
  const locale = pageLocale(c, contact.locale)
  if (change.stage === 'approve') {
    if (wantsJson(c)) return c.json({ status: change.used_at === null ? 'approvable' : 'approved' })
    if (change.used_at !== null) return approvedPage(c, locale, true)
    return c.render(
      <AddressApprovePage locale={locale} maskedNewEmail={maskEmail(change.new_email)} />,
    )
  }
  if (wantsJson(c)) return c.json({ status: change.used_at === null ? 'confirmable' : 'changed' })
  if (change.used_at !== null) {
    return c.render(
      <AddressChangedPage
        locale={locale}
        email={contact.email}
        alreadyDone
        preferencesUrl={new URL(await preferencesUrl(deps, contact)).pathname}
      />,
    )
  }
  return c.render(<AddressConfirmPage locale={locale} newEmail={change.new_email} />)
})

addressChangeRoutes.post('/address/:secret', async (c) => {
  const deps = c.get('deps')
  await readBody(c, { strict: false })
  const opened = await openAddressChange(deps, c.req.param('secret'))
  const locale = pageLocale(c, opened.contact.locale)
  if (opened.change.stage === 'approve') {
    const { alreadyDone } = await approveAddressChange(deps, c.req.param('secret'), locale)
    if (wantsJson(c)) return c.json({ status: 'approved' })
    return approvedPage(c, locale, alreadyDone)
  }
  let outcome: Awaited<ReturnType<typeof confirmAddressChange>>
  try {
    outcome = await confirmAddressChange(deps, c.req.param('secret'), {
      ip: clientIp(c),
      userAgent: userAgent(c),
    })
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'conflict' || wantsJson(c)) throw error
    return c.render(
      <MessagePage
        locale={locale}
        title={t(locale, 'error.title')}
        paragraphs={[t(locale, 'address.taken')]}
      />,
      409,
    )
  }
  const { contact, alreadyDone } = outcome
  if (wantsJson(c)) return c.json({ status: 'changed' })
  return c.render(
    <AddressChangedPage
      locale={locale}
      email={contact.email}
      alreadyDone={alreadyDone}
      preferencesUrl={new URL(await preferencesUrl(deps, contact)).pathname}
    />,
  )
})
