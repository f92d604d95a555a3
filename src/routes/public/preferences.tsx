/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import { Hono } from 'hono'
import type { ListRow } from '../../db/schema.js'
import { isRestricted } from '../../domain/privacy/restrict.js'
import {
  leaveAll,
  listPreferences,
  savePreferences,
} from '../../domain/subscription/preferences.js'
import { AppError } from '../../errors.js'
import { errorMessage } from '../../http/render-error.js'
import { type AppContext, type AppEnv, clientIp, userAgent, wantsJson } from '../../http/env.js'
import { listText } from '../../i18n/list-text.js'
import { PreferencesPage } from '../../../views/pages/preferences-page.js'
import { isYes, readBody } from './body.js'
import { linkPath, openLink, type OpenedLink } from './link.js'
import { linkVia } from '../../domain/links/token-contact.js'
import { parseInput, preferencesSchema } from './schemas.js'

/** The preferences page behind its signed link: every list, toggles, leave-all, data rights. */
export const preferencesRoutes = new Hono<AppEnv>()

async function respond(
  c: AppContext,
  link: OpenedLink,
  extra: { status?: 200 | 400; saved?: boolean; error?: string; kept?: ListRow[] } = {},
): Promise<Response> {
  const deps = c.get('deps')
  const { contact, locale, token } = link
  const rows = await listPreferences(deps, contact)
  if (wantsJson(c)) {
    return c.json({
      ...(extra.saved ? { status: 'saved' } : {}),
      restricted: isRestricted(contact),
      lists: rows.map(({ list, status, cancelsAccount }) => ({
        id: list.id,
        ...listText(locale, list),
        status: status ?? 'not_subscribed',
        cancels_account: cancelsAccount,
      })),
      ...(extra.kept ? { kept: extra.kept.map((list) => list.id) } : {}),
    })
  }
  return c.html(
    <PreferencesPage
      locale={locale}
      basePath={linkPath('preferences', token)}
      rows={rows.map(({ list, status, cancelsAccount }) => ({
        id: list.id,
        ...listText(locale, list),
        status,
        cancelsAccount,
      }))}
      restricted={isRestricted(contact)}
      saved={extra.saved}
      error={extra.error}
      kept={extra.kept?.map((list) => listText(locale, list).name)}
    />,
    extra.status ?? 200,
  )
}

preferencesRoutes.get('/preferences/:token', async (c) =>
  respond(c, await openLink(c, 'preferences')),
)

preferencesRoutes.post('/preferences/:token', async (c) => {
  const deps = c.get('deps')
  const body = await readBody(c, { strict: true })
  const link = await openLink(c, 'preferences')
  const input = parseInput(preferencesSchema, body)
  const jsonBody = (c.req.header('content-type') ?? '').includes('json')
  if (jsonBody && input.action === 'save' && body.lists === undefined) {
    // A form leaves unticked boxes out; a JSON client that forgets `lists` must not lose everything.
    throw new AppError('invalid_body', 'lists: required (the lists wanted, [] for none)')
  }
  const client = {
    confirmCancel: isYes(input.confirm_cancel),
    ip: clientIp(c),
    userAgent: userAgent(c),
    via: linkVia(link.claims),
  }
  if (input.action === 'unsubscribe_all') {
    const plan = await leaveAll(deps, link.contact, client)
    return respond(c, link, { saved: true, kept: plan.kept })
  }
  try {
    await savePreferences(deps, link.contact, {
      wanted: input.lists,
      locale: link.locale,
      ...client,
    })
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'confirmation_required' || wantsJson(c))
      throw error
    return respond(c, link, { status: 400, error: errorMessage(link.locale, error) })
  }
  return respond(c, link, { saved: true })
})
