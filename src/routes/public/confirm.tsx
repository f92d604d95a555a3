/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import { confirmSubscription } from '../../domain/subscription/confirm.js'
import { preferencesUrl } from '../../domain/links/links.js'
import { resendConfirmation } from '../../domain/subscription/resend-confirmation.js'
import { ExpiredLink, verifyLink } from '../../domain/links/token-contact.js'
import { type AppContext, type AppEnv, clientIp, userAgent, wantsJson } from '../../http/env.js'
import { listText } from '../../i18n/list-text.js'
import { t } from '../../i18n/messages.js'
import { pickLocale } from '../../i18n/locale.js'
import { findContactById, findSubscriptions } from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'
import type { TokenClaims } from '../../tokens/tokens.js'
import {
  AlreadyConfirmedPage,
  ConfirmedPage,
  ConfirmPage,
  ExpiredPage,
} from '../../../views/pages/confirm-page.js'
import { MessagePage } from '../../../views/pages/message-page.js'
import { readBody } from './body.js'
import { linkPath, openLink, rememberLocale } from './link.js'

/** The double opt-in link: `GET` shows a button, `POST` confirms, `POST …/resend` renews. */
export const confirmRoutes = new Hono<AppEnv>()

/** An expired confirm link is a 410 page that offers a fresh link (JSON: the 410 envelope). */
async function expiredOr(c: AppContext, work: () => Promise<Response>): Promise<Response> {
  try {
    return await work()
  } catch (error) {
    if (error instanceof ExpiredLink && !wantsJson(c)) {
      // The person's language, as on the link's other pages (the signature vouches for the id).
      const contact = await findContactById(c.get('deps').db, error.claims.contactId)
      const locale =
        c.get('chosenLocale') ?? pickLocale(contact?.locale, c.req.header('accept-language'))
      c.set('locale', locale)
      const resendAction = `${linkPath('confirm', c.req.param('token') ?? '')}/resend`
      return c.render(<ExpiredPage locale={locale} resendAction={resendAction} />, 410)
    }
    throw error
  }
}

confirmRoutes.get('/confirm/:token', (c) =>
  expiredOr(c, async () => {
    const deps = c.get('deps')
    const { claims, contact, locale } = await openLink(c, 'confirm')
    const statuses = new Map(
      (await findSubscriptions(deps.db, contact.id)).map((row) => [row.list_id, row.status]),
    )
    const lists = (await findLists(deps.db)).filter((list) => claims.lists.includes(list.id))
    const pending = lists.filter((list) => statuses.get(list.id) === 'pending')
    const subscribed = lists.filter((list) => statuses.get(list.id) === 'subscribed')
    if (wantsJson(c))
      // Nothing left to confirm (a used link): said as the POST says it, not "confirmable".
      return pending.length === 0
        ? c.json({ status: 'subscribed', lists: subscribed.map((list) => list.id), confirmed: [] })
        : c.json({ status: 'confirmable', lists: pending.map((list) => list.id) })
    if (pending.length === 0) {
      return c.render(
        <AlreadyConfirmedPage
          locale={locale}
          subscribed={subscribed.map((list) => listText(locale, list).name)}
          preferencesUrl={new URL(await preferencesUrl(deps, contact)).pathname}
        />,
      )
    }
    return c.render(
      <ConfirmPage
        locale={locale}
        listNames={pending.map((list) => listText(locale, list).name)}
      />,
    )
  }),
)

confirmRoutes.post('/confirm/:token', (c) =>
  expiredOr(c, async () => {
    const deps = c.get('deps')
    await readBody(c, { strict: false })
    const link = await openLink(c, 'confirm')
    const { claims, contact, locale } = link
    const outcome = await confirmSubscription(deps, contact, claims, {
      ip: clientIp(c),
      userAgent: userAgent(c),
    })
    await rememberLocale(c, link)
    const lists = [...outcome.confirmed, ...outcome.alreadySubscribed]
    if (wantsJson(c)) {
      return c.json({
        status: 'subscribed',
        lists: lists.map((list) => list.id),
        confirmed: outcome.confirmed.map((list) => list.id),
      })
    }
    return c.render(
      <ConfirmedPage
        locale={locale}
        listNames={lists.map((list) => listText(locale, list).name)}
        preferencesUrl={new URL(await preferencesUrl(deps, contact)).pathname}
      />,
    )
  }),
)

confirmRoutes.post('/confirm/:token/resend', async (c) => {
  const deps = c.get('deps')
  await readBody(c, { strict: false })
  let claims: TokenClaims
  try {
    claims = await verifyLink(deps, c.req.param('token'), 'confirm')
  } catch (error) {
    const expired = error instanceof ExpiredLink ? error.claims : undefined
    if (!expired) throw error
    claims = expired
  }
  // Same answer whatever happened: the page must not tell whether anything is still pending.
  await resendConfirmation(deps, claims, { ip: clientIp(c) })
  if (wantsJson(c)) return c.json({ status: 'pending' }, 202)
  const locale = c.get('locale')
  return c.render(
    <MessagePage
      locale={locale}
      title={t(locale, 'resent.title')}
      paragraphs={[
        t(locale, 'resent.body'),
        // As on the other "check your inbox" pages: the daily limit can hold a link back.
        t(locale, 'mail.notArrived', { count: deps.config.signupLimitPerAddress }),
      ]}
    />,
    202,
  )
})
