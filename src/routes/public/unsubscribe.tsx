/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { preferencesUrl } from '../../domain/links/links.js'
import { readUnsubscribeLink, unsubscribe } from '../../domain/leaving/unsubscribe.js'
import { AppError } from '../../errors.js'
import { errorMessage } from '../../http/render-error.js'
import { type AppEnv, clientIp, userAgent, wantsJson } from '../../http/env.js'
import { listText } from '../../i18n/list-text.js'
import { UnsubscribedPage, UnsubscribePage } from '../../../views/pages/unsubscribe-page.js'
import { isYes, readBody } from './body.js'
import { openLink } from './link.js'
import { linkVia } from '../../domain/links/token-contact.js'

/**
 * Unsubscribe links: `GET` shows one button and the preferences link; `POST` leaves (RFC 8058
 * one-click with `List-Unsubscribe=One-Click`, urlencoded or multipart, or the page's form).
 * Always 200 on success, never a redirect: mail clients post and do not follow.
 */
export const unsubscribeRoutes = new Hono<AppEnv>()

unsubscribeRoutes.get('/unsubscribe/:token', async (c) => {
  const deps = c.get('deps')
  const { claims, contact, locale } = await openLink(c, ['unsubscribe', 'unsubscribe_all'])
  const link = await readUnsubscribeLink(deps, contact, claims)
  const { one, preview } = link
  const cancelsAccount = preview.refused
  const kept = one ? [] : preview.kept
  if (wantsJson(c)) {
    return c.json({
      lists: link.targets.map((list) => list.id),
      requires_confirmation: cancelsAccount,
    })
  }
  return c.html(
    <UnsubscribePage
      locale={locale}
      listName={one ? listText(locale, one).name : undefined}
      cancelsAccount={cancelsAccount}
      keptUnlessConfirmed={kept.map((list) => listText(locale, list).name)}
      preferencesUrl={new URL(await preferencesUrl(deps, contact)).pathname}
    />,
  )
})

unsubscribeRoutes.post('/unsubscribe/:token', async (c) => {
  const deps = c.get('deps')
  const body = await readBody(c, { strict: false })
  const oneClick = body['List-Unsubscribe'] === 'One-Click'
  const { claims, contact, locale } = await openLink(c, ['unsubscribe', 'unsubscribe_all'])
  const link = await readUnsubscribeLink(deps, contact, claims)
  const { one } = link
  const prefs = new URL(await preferencesUrl(deps, contact)).pathname
  let plan: Awaited<ReturnType<typeof unsubscribe>>
  try {
    plan = await unsubscribe(deps, link, {
      source: oneClick ? 'one_click' : 'unsubscribe_page',
      confirmCancel: isYes(body.confirm_cancel),
      ip: clientIp(c),
      userAgent: userAgent(c),
      via: linkVia(claims),
    })
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'confirmation_required' || wantsJson(c))
      throw error
    return c.html(
      <UnsubscribePage
        locale={locale}
        listName={one ? listText(locale, one).name : undefined}
        cancelsAccount
        preferencesUrl={prefs}
        error={errorMessage(locale, error)}
      />,
      400,
    )
  }
  if (wantsJson(c)) {
    return c.json({
      status: 'unsubscribed',
      lists: plan.leave.map((list) => list.id),
      kept: plan.kept.map((list) => list.id),
    })
  }
  return c.html(
    <UnsubscribedPage
      locale={locale}
      listName={one ? listText(locale, one).name : undefined}
      kept={plan.kept.map((list) => listText(locale, list).name)}
      cancellationRequested={plan.cancelsAccount}
      preferencesUrl={prefs}
    />,
  )
})
