/** @jsxRuntime automatic @jsxImportSource #jsx */
import { canJoinBySelf } from '../../domain/subscription/preferences.js'
import { Hono } from 'hono'
import { consentWording } from '../../domain/subscription/consent-text.js'
import { requestSubscription } from '../../domain/subscription/subscribe.js'
import { type AppContext, type AppEnv, clientIp, userAgent, wantsJson } from '../../http/env.js'
import { formatDuration } from '../../i18n/duration.js'
import { listText } from '../../i18n/list-text.js'
import { type Locale, normalizeLocale } from '../../i18n/locale.js'
import { t } from '../../i18n/messages.js'
import { normalizeEmail } from '../../domain/subscription/email.js'
import { findLists } from '../../repos/lists.js'
import { MessagePage } from '../../../views/pages/message-page.js'
import { SignupPage, type SignupPageProps } from '../../../views/pages/signup-page.js'
import { readBody } from './body.js'
import { asList, asText, fieldErrors } from './form-errors.js'
import { bodyLocale, parseInput, subscribeSchema } from './schemas.js'

/** Whether Accept-Language names a language we speak (`*` or `de` alone say nothing). */
function browserNamesLocale(header: string | undefined): boolean {
  return (header ?? '').split(',').some((part) => normalizeLocale(part.split(';')[0]) !== undefined)
}

/** The sign-up form, empty or filled in again after a refusal. */
async function signupForm(
  c: AppContext,
  locale: Locale,
  refused: Pick<SignupPageProps, 'values' | 'errors'> = {},
) {
  const choices = await formLists(c, locale)
  return (
    <SignupPage locale={locale} lists={choices} consent={consentWording(locale)} {...refused} />
  )
}

/** The lists the form offers, in `locale`. */
async function formLists(c: AppContext, locale: Locale) {
  // A contract list made public by mistake still has no box: POST /subscribe would refuse it.
  const lists = (await findLists(c.get('deps').db)).filter(
    (list) => list.public && canJoinBySelf(list),
  )
  return lists.map((list) => ({ id: list.id, ...listText(locale, list) }))
}

/** `GET /` (the sign-up form) and `POST /subscribe`. */
export const signupRoutes = new Hono<AppEnv>()

signupRoutes.get('/', async (c) => {
  const locale = c.get('locale')
  if (wantsJson(c)) {
    // What the form offers, for a client that builds its own: the lists and the consent wording.
    return c.json({ lists: await formLists(c, locale), consent: consentWording(locale) })
  }
  return c.render(await signupForm(c, locale))
})

signupRoutes.post('/subscribe', async (c) => {
  const deps = c.get('deps')
  const body = await readBody(c, { strict: true })
  const locale = bodyLocale(body) ?? c.get('locale')
  c.set('locale', locale)
  try {
    const input = parseInput(subscribeSchema, body)
    // Stored with a new contact: what the form said, else the language picked during the visit,
    // else what the browser prefers, else nothing.
    const storedLocale =
      input.locale ??
      c.get('chosenLocale') ??
      (browserNamesLocale(c.req.header('accept-language')) ? locale : undefined)
    // The outcome (sent, nothing to confirm, limited) is deliberately not shown: the answer must
    // not tell anyone whether an address is already on our lists.
    await requestSubscription(deps, {
      email: input.email,
      listIds: input.lists,
      name: input.name,
      locale: storedLocale,
      evidence: { source: 'form', ip: clientIp(c), userAgent: userAgent(c) },
    })
  } catch (error) {
    const errors = wantsJson(c) ? undefined : fieldErrors(locale, error, body)
    if (!errors) throw error
    // The schema stops at the first problem; the page names every one at once.
    if (!errors.email && normalizeEmail(body.email) === undefined)
      errors.email = t(locale, 'error.msg.invalid_email')
    if (!errors.lists && asList(body.lists).length === 0)
      errors.lists = t(locale, 'error.msg.no_lists')
    const values = { email: asText(body.email), name: asText(body.name), lists: asList(body.lists) }
    return c.render(await signupForm(c, locale, { values, errors }), 400)
  }
  if (wantsJson(c)) return c.json({ status: 'pending' }, 202)
  const duration = formatDuration(locale, deps.config.confirmTtlMs)
  return c.render(
    <MessagePage
      locale={locale}
      title={t(locale, 'pending.title')}
      paragraphs={[
        t(locale, 'pending.body'),
        t(locale, 'pending.expiry', { duration }),
        t(locale, 'mail.notArrived', { count: deps.config.signupLimitPerAddress }),
      ]}
    />,
  )
})
