/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import { z } from 'zod'
import type { ListRow } from '../../db/schema.js'
import { requestAddressChange } from '../../domain/subscription/address-change.js'
import { saveContactName } from '../../domain/subscription/contact-profile.js'
import { isRestricted } from '../../domain/privacy/restrict.js'
import {
  canJoinBySelf,
  leaveAll,
  listPreferences,
  savePreferences,
} from '../../domain/subscription/preferences.js'
import { AppError } from '../../errors.js'
import { type AppContext, type AppEnv, clientIp, userAgent, wantsJson } from '../../http/env.js'
import { errorMessage } from '../../http/render-error.js'
import { formatDate } from '../../i18n/format-date.js'
import { listText } from '../../i18n/list-text.js'
import { awaitsMailchimpConfirmation } from '../../mailchimp/member-state.js'
import { t } from '../../i18n/messages.js'
import { findContactById } from '../../repos/contacts.js'
import {
  PreferencesPage,
  type PreferencesPageProps,
  type SaveSummary,
} from '../../../views/pages/preferences-page.js'
import { MessagePage } from '../../../views/pages/message-page.js'
import { isYes, readBody } from './body.js'
import { asList, asText, fieldErrors } from './form-errors.js'
import { linkPath, openLink, type OpenedLink, rememberLocale } from './link.js'
import { linkVia } from '../../domain/links/token-contact.js'
import { pauseList, resumeList } from '../../domain/subscription/pause.js'
import {
  addressChangeSchema,
  nameField,
  parseInput,
  pauseSchema,
  preferencesSchema,
  resumeSchema,
} from './schemas.js'

/** The preferences page behind its signed link: every list, toggles, leave-all, data rights. */
export const preferencesRoutes = new Hono<AppEnv>()

type PageExtra = Partial<
  Pick<
    PreferencesPageProps,
    'summary' | 'nameSaved' | 'error' | 'nameError' | 'emailError' | 'wanted' | 'needsConfirmation'
  >
> & {
  status?: 200 | 400
  saved?: boolean
  kept?: ListRow[]
  /** The link's contact was read by this request and nothing changed it since: no re-read. */
  current?: boolean
}

async function respond(c: AppContext, link: OpenedLink, extra: PageExtra = {}): Promise<Response> {
  const deps = c.get('deps')
  const { locale, token } = link
  // Re-read after a change: the request may just have changed the name or the locale.
  const contact = extra.current
    ? link.contact
    : ((await findContactById(deps.db, link.contact.id)) ?? link.contact)
  const rows = await listPreferences(deps, contact)
  const awaitingMailchimp = await awaitsMailchimpConfirmation(deps, contact.id)
  if (wantsJson(c)) {
    return c.json({
      ...(extra.saved ? { status: 'saved' } : {}),
      restricted: isRestricted(contact),
      ...(awaitingMailchimp ? { awaiting_mailchimp_confirmation: true } : {}),
      lists: rows.map(({ list, status, cancelsAccount, pausedUntil }) => ({
        id: list.id,
        ...listText(locale, list),
        status: status ?? 'not_subscribed',
        cancels_account: cancelsAccount,
        self_service: canJoinBySelf(list),
        ...(pausedUntil !== null ? { paused_until: pausedUntil } : {}),
      })),
      ...(extra.kept ? { kept: extra.kept.map((list) => list.id) } : {}),
    })
  }
  const { status = 200, saved: _saved, kept, current: _current, ...page } = extra
  return c.render(
    <PreferencesPage
      locale={locale}
      basePath={linkPath('preferences', token)}
      email={contact.email}
      name={contact.name}
      rows={rows.map(({ list, status, changedAt, cancelsAccount, pausedUntil }) => ({
        id: list.id,
        ...listText(locale, list),
        status,
        cancelsAccount,
        selfService: canJoinBySelf(list),
        leftOn:
          status === 'unsubscribed' && changedAt !== null
            ? formatDate(locale, changedAt)
            : undefined,
        pausedUntil: pausedUntil !== null ? formatDate(locale, pausedUntil) : undefined,
      }))}
      restricted={isRestricted(contact)}
      awaitingMailchimp={awaitingMailchimp}
      kept={kept?.map((list) => listText(locale, list).name)}
      {...page}
    />,
    status,
  )
}

preferencesRoutes.get('/preferences/:token', async (c) =>
  respond(c, await openLink(c, 'preferences'), { current: true }),
)

const profileSchema = z.object({ name: nameField })

preferencesRoutes.post('/preferences/:token', async (c) => {
  const deps = c.get('deps')
  const body = await readBody(c, { strict: true })
  const link = await openLink(c, 'preferences')
  const input = parseInput(preferencesSchema, body)
  const html = !wantsJson(c)
  if (input.action === 'profile') {
    let name: string | undefined
    try {
      name = parseInput(profileSchema, body).name
    } catch (error) {
      const message = html ? fieldErrors(link.locale, error, body)?.name : undefined
      if (!message) throw error
      return respond(c, link, {
        status: 400,
        nameError: { value: asText(body.name, 200), message },
      })
    }
    await saveContactName(deps, link.contact.id, name)
    await rememberLocale(c, link)
    return respond(c, link, { saved: true, nameSaved: true })
  }
  if (input.action === 'change_email') {
    let newEmail: string
    try {
      newEmail = parseInput(addressChangeSchema, body).new_email
    } catch (error) {
      if (!html || !(error instanceof AppError)) throw error
      return respond(c, link, {
        status: 400,
        emailError: {
          value: asText(body.new_email, 254),
          message: t(link.locale, 'error.msg.invalid_email'),
        },
      })
    }
    await requestAddressChange(deps, link.contact, newEmail, {
      ip: clientIp(c),
      locale: link.locale,
    })
    if (!html) return c.json({ status: 'requested' }, 202)
    return c.render(
      <MessagePage
        locale={link.locale}
        title={t(link.locale, 'address.asked.title')}
        paragraphs={[t(link.locale, 'address.asked.body')]}
      />,
      202,
    )
  }
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
    await rememberLocale(c, link)
    const name = (list: ListRow) => listText(link.locale, list).name
    // The form under a kept account list, sent without its tick: say so, next to nothing done.
    const untickedConfirm = isYes(input.confirming) && !client.confirmCancel && plan.kept.length > 0
    return respond(c, link, {
      saved: true,
      kept: plan.kept,
      ...(untickedConfirm
        ? { status: 400, error: t(link.locale, 'error.msg.confirmation_required') }
        : {
            summary: {
              joined: [],
              left: plan.leave.map(name),
              cancellationRequested: plan.cancelsAccount,
            },
          }),
    })
  }
  let outcome: Awaited<ReturnType<typeof savePreferences>>
  try {
    outcome = await savePreferences(deps, link.contact, {
      wanted: input.lists,
      locale: link.locale,
      ...client,
    })
  } catch (error) {
    if (!(error instanceof AppError) || !html) throw error
    return refusedSave(c, link, error, asList(body.lists))
  }
  await rememberLocale(c, link)
  const name = (list: ListRow) => listText(link.locale, list).name
  return respond(c, link, {
    saved: true,
    summary: {
      joined: outcome.subscribed.map(name),
      left: outcome.left.map(name),
      cancellationRequested: outcome.cancellationRequested,
    },
  })
})

// Pause a subscribed list for 1 or 3 months instead of leaving it; it resumes by itself.
preferencesRoutes.post('/preferences/:token/pause', async (c) => {
  const body = await readBody(c, { strict: true })
  const link = await openLink(c, 'preferences')
  const input = parseInput(pauseSchema, body)
  const paused = await pauseList(
    c.get('deps'),
    link.contact,
    input.list,
    input.months,
    clientOf(c, link),
  )
  await rememberLocale(c, link)
  const until = formatDate(link.locale, paused.until)
  return respond(c, link, {
    saved: true,
    summary: pauseSummary({ paused: { list: listText(link.locale, paused.list).name, until } }),
  })
})

preferencesRoutes.post('/preferences/:token/resume', async (c) => {
  const body = await readBody(c, { strict: true })
  const link = await openLink(c, 'preferences')
  const input = parseInput(resumeSchema, body)
  const list = await resumeList(c.get('deps'), link.contact, input.list, clientOf(c, link))
  await rememberLocale(c, link)
  return respond(c, link, {
    saved: true,
    summary: pauseSummary({ resumed: listText(link.locale, list).name }),
  })
})

/** What a pause or a resume did: no list joined or left. */
function pauseSummary(done: Pick<SaveSummary, 'paused' | 'resumed'>): SaveSummary {
  return { joined: [], left: [], cancellationRequested: false, ...done }
}

/** Who acted, for the ledger. */
function clientOf(c: AppContext, link: OpenedLink) {
  return { ip: clientIp(c), userAgent: userAgent(c), via: linkVia(link.claims) }
}

/** A save the rules refused: the form as the person sent it, and what to do about it. */
async function refusedSave(c: AppContext, link: OpenedLink, error: AppError, wanted: string[]) {
  const lists = ((error.details as { lists?: string[] } | undefined)?.lists ?? []).slice(0, 50)
  if (error.code === 'confirmation_required') {
    return respond(c, link, {
      status: 400,
      error: errorMessage(link.locale, error),
      wanted,
      needsConfirmation: lists,
    })
  }
  if (error.code === 'list_not_open') {
    const rows = await listPreferences(c.get('deps'), link.contact)
    const names = rows
      .filter((row) => lists.includes(row.list.id))
      .map((row) => listText(link.locale, row.list).name)
    return respond(c, link, {
      status: 400,
      error: names.map((list) => t(link.locale, 'prefs.notOpen', { list })).join(' '),
    })
  }
  if (error.code === 'unknown_list') {
    return respond(c, link, { status: 400, error: errorMessage(link.locale, error), wanted })
  }
  throw error
}
