/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { consentWording } from '../../domain/subscription/consent-text.js'
import { requestSubscription } from '../../domain/subscription/subscribe.js'
import { type AppEnv, clientIp, userAgent, wantsJson } from '../../http/env.js'
import { listText } from '../../i18n/list-text.js'
import { normalizeLocale } from '../../i18n/locale.js'
import { t } from '../../i18n/messages.js'
import { findLists } from '../../repos/lists.js'
import { MessagePage } from '../../../views/pages/message-page.js'
import { SignupPage } from '../../../views/pages/signup-page.js'
import { readBody } from './body.js'
import { bodyLocale, parseInput, subscribeSchema } from './schemas.js'

/** Whether Accept-Language names a language we speak (`*` or `de` alone say nothing). */
function browserNamesLocale(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => normalizeLocale(part.split(';')[0]) !== undefined)
}

/** `GET /` (the sign-up form) and `POST /subscribe`. */
export const signupRoutes = new Hono<AppEnv>()

signupRoutes.get('/', async (c) => {
  const locale = normalizeLocale(c.req.query('lang')) ?? c.get('locale')
  c.set('locale', locale)
  const lists = (await findLists(c.get('deps').db)).filter((list) => list.public)
  const choices = lists.map((list) => ({ id: list.id, ...listText(locale, list) }))
  return c.html(<SignupPage locale={locale} lists={choices} consent={consentWording(locale)} />)
})

signupRoutes.post('/subscribe', async (c) => {
  const deps = c.get('deps')
  const body = await readBody(c, { strict: true })
  c.set('locale', bodyLocale(body) ?? c.get('locale'))
  const input = parseInput(subscribeSchema, body)
  const locale = input.locale ?? c.get('locale')
  // Stored with a new contact: what the form said, else what the browser prefers, else nothing.
  const storedLocale =
    input.locale ?? (browserNamesLocale(c.req.header('accept-language')) ? locale : undefined)
  // The outcome (sent, nothing to confirm, limited) is deliberately not shown: the answer must
  // not tell anyone whether an address is already on our lists.
  await requestSubscription(deps, {
    email: input.email,
    listIds: input.lists,
    name: input.name,
    locale: storedLocale,
    evidence: { source: 'form', ip: clientIp(c), userAgent: userAgent(c) },
  })
  if (wantsJson(c)) return c.json({ status: 'pending' }, 202)
  const days = Math.max(1, Math.round(deps.config.confirmTtlMs / 86_400_000))
  return c.html(
    <MessagePage
      locale={locale}
      title={t(locale, 'pending.title')}
      paragraphs={[t(locale, 'pending.body'), t(locale, 'pending.expiry', { days })]}
    />,
  )
})
