/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import { requestPreferencesLink } from '../../domain/subscription/manage.js'
import { type AppEnv, clientIp, wantsJson } from '../../http/env.js'
import { normalizeLocale } from '../../i18n/locale.js'
import { t } from '../../i18n/messages.js'
import { ManagePage } from '../../../views/pages/manage-page.js'
import { MessagePage } from '../../../views/pages/message-page.js'
import { readBody } from './body.js'
import { bodyLocale, manageSchema, parseInput } from './schemas.js'

/** `/manage`: "email me a link to my preferences", with one answer for every address. */
export const manageRoutes = new Hono<AppEnv>()

manageRoutes.get('/manage', (c) => {
  const locale = normalizeLocale(c.req.query('lang')) ?? c.get('locale')
  c.set('locale', locale)
  return c.html(<ManagePage locale={locale} />)
})

manageRoutes.post('/manage', async (c) => {
  const body = await readBody(c, { strict: true })
  c.set('locale', bodyLocale(body) ?? c.get('locale'))
  const input = parseInput(manageSchema, body)
  const locale = input.locale ?? c.get('locale')
  await requestPreferencesLink(c.get('deps'), input.email, { ip: clientIp(c), locale })
  if (wantsJson(c)) return c.json({ status: 'requested' }, 202)
  return c.html(
    <MessagePage
      locale={locale}
      title={t(locale, 'manage.sent.title')}
      paragraphs={[t(locale, 'manage.sent.body')]}
    />,
  )
})
