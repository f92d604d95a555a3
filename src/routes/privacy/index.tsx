/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import { linkVia } from '../../domain/links/token-contact.js'
import { accountLists } from '../../domain/privacy/account-lists.js'
import { eraseContact } from '../../domain/privacy/erase.js'
import { exportFileName, exportPersonalData } from '../../domain/privacy/export-data.js'
import {
  mailPrivacyLink,
  requireUnusedLink,
  spendLink,
  spendLinkIn,
} from '../../domain/privacy/privacy-link.js'
import { isRestricted, setRestriction } from '../../domain/privacy/restrict.js'
import { AppError } from '../../errors.js'
import { type AppContext, type AppEnv, clientIp, userAgent, wantsJson } from '../../http/env.js'
import { errorMessage } from '../../http/render-error.js'
import { listText } from '../../i18n/list-text.js'
import { t } from '../../i18n/messages.js'
import { MessagePage } from '../../../views/pages/message-page.js'
import { PrivacyDonePage } from '../../../views/pages/privacy-done-page.js'
import { PrivacyErasePage } from '../../../views/pages/privacy-erase-page.js'
import { PrivacyExportPage } from '../../../views/pages/privacy-export-page.js'
import { PrivacyRequestPage } from '../../../views/pages/privacy-request-page.js'
import { PrivacyRestrictPage } from '../../../views/pages/privacy-restrict-page.js'
import { readBody } from '../public/body.js'
import { linkPath, openLink } from '../public/link.js'
import { parseInput } from '../public/schemas.js'
import { eraseSchema, restrictOn, restrictSchema } from './schemas.js'

/**
 * Self-service privacy rights. Behind the long-lived preferences link: restrict, and a request
 * that mails a one-hour, single-use link for download or erasure. Behind that mailed link
 * (`/privacy/export/:token`, `/privacy/erase/:token`): the download and the erasure themselves.
 */
export const privacyRoutes = new Hono<AppEnv>()

/** "Check your inbox": the same answer whether the mail went or a limit held it back. */
function linkSent(c: AppContext, token: string) {
  const locale = c.get('locale')
  if (wantsJson(c)) return c.json({ status: 'link_sent' }, 202)
  return c.render(
    <MessagePage
      locale={locale}
      title={t(locale, 'privacy.sent.title')}
      paragraphs={[t(locale, 'privacy.sent.body')]}
    >
      {/* Not a dead end: back to the page the request came from (a browser review). */}
      <p>
        <a href={linkPath('preferences', token)}>{t(locale, 'confirmed.preferences')}</a>
      </p>
    </MessagePage>,
    202,
  )
}

// Download my data, step one: POST (a scanner never triggers it), mails the download link.
privacyRoutes.post('/preferences/:token/export', async (c) => {
  const { contact, locale, token } = await openLink(c, 'preferences')
  await mailPrivacyLink(c.get('deps'), contact, 'export', locale)
  return linkSent(c, token)
})

privacyRoutes.get('/preferences/:token/erase', async (c) => {
  const { contact, locale, token } = await openLink(c, 'preferences')
  const account = (await accountLists(c.get('deps'), contact))[0]
  if (wantsJson(c)) return c.json({ status: 'requestable', cancels_account: account !== undefined })
  return c.render(
    <PrivacyRequestPage
      locale={locale}
      basePath={linkPath('preferences', token)}
      accountListName={account ? listText(locale, account).name : undefined}
    />,
  )
})

// Erase my data, step one: mails the erase link; nothing is erased here.
privacyRoutes.post('/preferences/:token/erase', async (c) => {
  const { contact, locale, token } = await openLink(c, 'preferences')
  await mailPrivacyLink(c.get('deps'), contact, 'erase', locale)
  return linkSent(c, token)
})

privacyRoutes.post('/preferences/:token/restrict', async (c) => {
  const deps = c.get('deps')
  const body = await readBody(c, { strict: true })
  const { contact, claims, locale, token } = await openLink(c, 'preferences')
  const input = parseInput(restrictSchema, body)
  const restricted = restrictOn(input.restricted)
  const basePath = linkPath('preferences', token)
  const onAccountList = restricted ? (await accountLists(deps, contact))[0] : undefined
  if (onAccountList && !isRestricted(contact) && !input.confirm_cancel) {
    const error = new AppError(
      'confirmation_required',
      'Restricting stops the notices of a list that cancels the account: confirm with confirm_cancel=yes',
    )
    if (wantsJson(c)) throw error
    // From the preferences page's button this is the question itself (200); an error only when
    // the question's own form came back without the tick.
    const confirming = input.confirming
    return c.render(
      <PrivacyRestrictPage
        locale={locale}
        basePath={basePath}
        accountListName={listText(locale, onAccountList).name}
        error={confirming ? errorMessage(locale, error) : undefined}
      />,
      confirming ? 400 : 200,
    )
  }
  await setRestriction(deps, contact, restricted, {
    source: 'preferences',
    ip: clientIp(c),
    userAgent: userAgent(c),
    via: linkVia(claims),
  })
  if (wantsJson(c)) return c.json({ restricted })
  return c.render(
    <PrivacyDonePage
      locale={locale}
      title={restricted ? 'restrict.on.title' : 'restrict.off.title'}
      body={restricted ? 'restrict.on.body' : 'restrict.off.body'}
      backUrl={basePath}
    />,
  )
})

privacyRoutes.get('/privacy/export/:token', async (c) => {
  const { locale, token } = await openLink(c, 'export')
  await requireUnusedLink(c.get('deps'), token)
  if (wantsJson(c)) return c.json({ status: 'confirmable' })
  return c.render(<PrivacyExportPage locale={locale} action={`/privacy/export/${token}`} />)
})

privacyRoutes.post('/privacy/export/:token', async (c) => {
  const deps = c.get('deps')
  const { contact, token } = await openLink(c, 'export')
  await spendLink(deps, token)
  c.header('Content-Disposition', `attachment; filename="${exportFileName(deps.now())}"`)
  return c.json(await exportPersonalData(deps, contact))
})

privacyRoutes.get('/privacy/erase/:token', async (c) => {
  const deps = c.get('deps')
  const { contact, locale, token } = await openLink(c, 'erase')
  await requireUnusedLink(deps, token)
  const account = (await accountLists(deps, contact, { merged: true }))[0]
  if (wantsJson(c)) return c.json({ status: 'confirmable', cancels_account: account !== undefined })
  return c.render(
    <PrivacyErasePage
      locale={locale}
      action={`/privacy/erase/${token}`}
      accountListName={account ? listText(locale, account).name : undefined}
    />,
  )
})

privacyRoutes.post('/privacy/erase/:token', async (c) => {
  const deps = c.get('deps')
  const body = await readBody(c, { strict: true })
  const { contact, locale, token } = await openLink(c, 'erase')
  const input = parseInput(eraseSchema, body)
  await requireUnusedLink(deps, token)
  const account = (await accountLists(deps, contact, { merged: true }))[0]
  if (!input.confirm || (account && !input.confirm_cancel)) {
    const error = new AppError(
      'confirmation_required',
      account
        ? 'Erasing cancels the account: send confirm=yes and confirm_cancel=yes'
        : 'Send confirm=yes to erase',
    )
    if (wantsJson(c)) throw error
    return c.render(
      <PrivacyErasePage
        locale={locale}
        action={`/privacy/erase/${token}`}
        accountListName={account ? listText(locale, account).name : undefined}
        error={account ? errorMessage(locale, error) : t(locale, 'erase.required')}
        ticked={{ confirm: input.confirm, confirmCancel: input.confirm_cancel }}
      />,
      400,
    )
  }
  // Spent in the erasure's own transaction: an erasure that fails leaves the link usable.
  await eraseContact(
    deps,
    contact,
    { source: 'preferences', ip: clientIp(c), userAgent: userAgent(c) },
    { alsoWrite: (trx) => spendLinkIn(trx, deps, token) },
  ).catch(async (error: unknown) => {
    // Erased meanwhile by a second use of this link: answered as any used link is.
    if (error instanceof AppError && error.code === 'gone') await requireUnusedLink(deps, token)
    throw error
  })
  if (wantsJson(c)) return c.json({ status: 'erased' })
  return c.render(<PrivacyDonePage locale={locale} title="erased.title" body="erased.body" />)
})
