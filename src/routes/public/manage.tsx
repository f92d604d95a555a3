/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import { requestPreferencesLink } from '../../domain/subscription/manage.js'
import { type AppEnv, clientIp, wantsJson } from '../../http/env.js'
import { t } from '../../i18n/messages.js'
import { ManagePage } from '../../../views/pages/manage-page.js'
import { MessagePage } from '../../../views/pages/message-page.js'
import { readBody } from './body.js'
import { asText, fieldErrors } from './form-errors.js'
import { bodyLocale, manageSchema, parseInput } from './schemas.js'

/** `/manage`: "email me a link to my preferences", with one answer for every address. */
export const manageRoutes = new Hono<AppEnv>()

manageRoutes.get('/manage', (c) =>
  wantsJson(c) ? c.json({ fields: ['email'] }) : c.render(<ManagePage locale={c.get('locale')} />),
)

manageRoutes.post('/manage', async (c) => {
  const body = await readBody(c, { strict: true })
  const locale = bodyLocale(body) ?? c.get('locale')
  c.set('locale', locale)
  let input: ReturnType<typeof manageSchema.parse>
  try {
    input = parseInput(manageSchema, body)
  } catch (error) {
    const message = wantsJson(c) ? undefined : fieldErrors(locale, error, body)?.email
    if (!message) throw error
    return c.render(<ManagePage locale={locale} email={asText(body.email)} error={message} />, 400)
  }
  await requestPreferencesLink(c.get('deps'), input.email, {
    ip: clientIp(c),
    locale: input.locale ?? locale,
  })
  if (wantsJson(c)) return c.json({ status: 'requested' }, 202)
  return c.render(
    <MessagePage
      locale={locale}
      title={t(locale, 'manage.sent.title')}
      paragraphs={[
        t(locale, 'manage.sent.body'),
        t(locale, 'mail.notArrived', { count: c.get('deps').config.signupLimitPerAddress }),
      ]}
    />,
  )
})
