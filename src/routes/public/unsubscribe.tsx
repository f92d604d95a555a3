/** @jsxRuntime automatic @jsxImportSource #jsx */
import { Hono } from 'hono'
import { z } from 'zod'
import {
  LEAVE_REASONS,
  reasonGiven,
  recentlyLeft,
  recordLeaveReason,
  undoLeave,
} from '../../domain/leaving/leave-follow-up.js'
import {
  readUnsubscribeLink,
  type UnsubscribeLink,
  unsubscribe,
} from '../../domain/leaving/unsubscribe.js'
import { canJoinBySelf } from '../../domain/subscription/preferences.js'
import { AppError } from '../../errors.js'
import { errorMessage } from '../../http/render-error.js'
import { type AppContext, type AppEnv, clientIp, userAgent, wantsJson } from '../../http/env.js'
import { formatDate } from '../../i18n/format-date.js'
import { listText } from '../../i18n/list-text.js'
import { t } from '../../i18n/messages.js'
import { findSubscriptions } from '../../repos/contacts.js'
import {
  AlreadyUnsubscribedPage,
  UnsubscribedPage,
  UnsubscribePage,
} from '../../../views/pages/unsubscribe-page.js'
import { MessagePage } from '../../../views/pages/message-page.js'
import { LeaveFollowUp } from '../../../views/components/leave-follow-up.js'
import { isYes, readBody } from './body.js'
import { parseInput } from './schemas.js'
import {
  derivedPreferencesPath,
  linkPath,
  type OpenedLink,
  openLink,
  rememberLocale,
} from './link.js'
import { linkVia } from '../../domain/links/token-contact.js'

/**
 * Unsubscribe links: `GET` shows one button and the preferences link; `POST` leaves (RFC 8058
 * one-click with `List-Unsubscribe=One-Click`, urlencoded or multipart, or the page's form).
 * Always 200 on success, never a redirect: mail clients post and do not follow.
 */
export const unsubscribeRoutes = new Hono<AppEnv>()

unsubscribeRoutes.get('/unsubscribe/:token', async (c) => {
  const deps = c.get('deps')
  const opened = await openLink(c, ['unsubscribe', 'unsubscribe_all'])
  const { claims, contact, locale } = opened
  const link = await readUnsubscribeLink(deps, contact, claims)
  const { one, preview, statuses } = link
  const cancelsAccount = preview.refused
  const kept = one ? [] : preview.kept
  if (wantsJson(c)) {
    return c.json({
      lists: link.targets.map((list) => list.id),
      // Where each stands now: a spent link says so, as its page does.
      statuses: Object.fromEntries(
        link.targets.map((list) => [list.id, statuses.get(list.id) ?? null]),
      ),
      requires_confirmation: cancelsAccount,
    })
  }
  const prefs = await derivedPreferencesPath(deps, contact, claims)
  // A spent link shows where things stand instead of a button that would do nothing.
  const on = link.targets.filter((list) =>
    ['subscribed', 'pending'].includes(statuses.get(list.id) ?? ''),
  )
  if (on.length === 0) return spentLinkPage(c, opened, link, prefs)
  return c.render(
    <UnsubscribePage
      locale={locale}
      listName={one ? listText(locale, one).name : undefined}
      cancelsAccount={cancelsAccount}
      keptUnlessConfirmed={kept.map((list) => listText(locale, list).name)}
      preferencesUrl={prefs}
    />,
  )
})

unsubscribeRoutes.post('/unsubscribe/:token', async (c) => {
  const deps = c.get('deps')
  const body = await readBody(c, { strict: false })
  const oneClick = body['List-Unsubscribe'] === 'One-Click'
  const opened = await openLink(c, ['unsubscribe', 'unsubscribe_all'])
  const { claims, contact, locale } = opened
  const link = await readUnsubscribeLink(deps, contact, claims)
  const { one } = link
  const prefs = await derivedPreferencesPath(deps, contact, claims)
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
    return c.render(
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
  await rememberLocale(c, opened)
  if (wantsJson(c)) {
    return c.json({
      status: 'unsubscribed',
      lists: plan.leave.map((list) => list.id),
      kept: plan.kept.map((list) => list.id),
    })
  }
  // Only the page offers undo and asks why.
  const left = await recentlyLeft(deps, contact, claims)
  return c.render(
    <UnsubscribedPage
      locale={locale}
      listName={one ? listText(locale, one).name : undefined}
      stopped={plan.leave.map((list) => listText(locale, list).name)}
      kept={plan.kept.map((list) => listText(locale, list).name)}
      cancellationRequested={plan.cancelsAccount}
      preferencesUrl={prefs}
    >
      {left.length > 0 && (
        <LeaveFollowUp
          locale={locale}
          basePath={linkPath('unsubscribe', opened.token)}
          canUndo={left.some((entry) => canJoinBySelf(entry.list))}
        />
      )}
    </UnsubscribedPage>,
  )
})

const reasonSchema = z.object({
  reason: z.enum(LEAVE_REASONS, { error: 'reason: not one of the offered answers' }).optional(),
  text: z
    .string({ error: 'text must be text' })
    .max(500, 'text is longer than 500 characters')
    .refine(
      (value) => !/[\u0000-\u0008\u000b-\u001f\u007f]/.test(value),
      'text contains control characters',
    )
    .optional()
    .transform((value) => value?.trim() || undefined),
})

/** After leaving: why (optional, recorded in the ledger). Never asked before the leave is done. */
unsubscribeRoutes.post('/unsubscribe/:token/reason', async (c) => {
  const deps = c.get('deps')
  const body = await readBody(c, { strict: true })
  const opened = await openLink(c, ['unsubscribe', 'unsubscribe_all'])
  const { claims, contact, locale } = opened
  const input = parseInput(reasonSchema, {
    reason: body.reason === '' ? undefined : body.reason,
    text: body.text,
  })
  let outcome: Awaited<ReturnType<typeof recordLeaveReason>>
  try {
    outcome = await recordLeaveReason(deps, contact, claims, {
      ...input,
      ip: clientIp(c),
      userAgent: userAgent(c),
    })
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'invalid_body' || wantsJson(c)) throw error
    // Nothing chosen or written: the same page again, the problem on the question.
    const link = await readUnsubscribeLink(deps, contact, claims)
    const prefs = await derivedPreferencesPath(deps, contact, claims)
    return spentLinkPage(c, opened, link, prefs, t(locale, 'reason.required'))
  }
  if (wantsJson(c)) return c.json({ status: outcome })
  // Not a dead end: the way to the person's preferences stays (a browser review).
  const prefs = await derivedPreferencesPath(deps, contact, claims)
  return c.render(
    <MessagePage
      locale={locale}
      title={t(locale, 'reason.thanks.title')}
      paragraphs={[t(locale, outcome === 'recorded' ? 'reason.thanks.body' : 'reason.already')]}
    >
      <p>
        <a href={prefs}>{t(locale, 'confirmed.preferences')}</a>
      </p>
    </MessagePage>,
  )
})

/** Undo, for a short while after leaving: re-joins what this link left, with consent recorded. */
unsubscribeRoutes.post('/unsubscribe/:token/undo', async (c) => {
  const deps = c.get('deps')
  await readBody(c, { strict: false })
  const { claims, contact, locale } = await openLink(c, ['unsubscribe', 'unsubscribe_all'])
  const prefs = await derivedPreferencesPath(deps, contact, claims)
  let back: Awaited<ReturnType<typeof undoLeave>>
  try {
    back = await undoLeave(deps, contact, claims, {
      locale,
      ip: clientIp(c),
      userAgent: userAgent(c),
    })
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== 'conflict' || wantsJson(c)) throw error
    return c.render(
      <AlreadyUnsubscribedPage
        locale={locale}
        message={t(locale, 'undo.expired')}
        preferencesUrl={prefs}
      />,
      409,
    )
  }
  if (wantsJson(c)) return c.json({ status: 'subscribed', lists: back.map((list) => list.id) })
  return c.render(
    <MessagePage
      locale={locale}
      title={t(locale, 'undo.done.title')}
      paragraphs={[t(locale, 'undo.done.body')]}
    >
      <ul class="plain">
        {back.map((list) => (
          <li>{listText(locale, list).name}</li>
        ))}
      </ul>
      <p>
        <a href={prefs}>{t(locale, 'unsubscribe.preferences')}</a>
      </p>
    </MessagePage>,
  )
})

/**
 * A link with nothing left to leave: where things stand ("You left … on 3 March") instead of a
 * button that would do nothing, and, within the half hour after leaving through it, undo and
 * (once) the question why: the person may have closed the tab of the answer.
 */
async function spentLinkPage(
  c: AppContext,
  opened: OpenedLink,
  link: UnsubscribeLink,
  preferencesUrl: string,
  reasonError?: string,
): Promise<Response> {
  const deps = c.get('deps')
  const { claims, contact, locale, token } = opened
  const { one } = link
  const [subscriptions, left] = await Promise.all([
    one ? findSubscriptions(deps.db, contact.id) : [],
    recentlyLeft(deps, contact, claims),
  ])
  const row = one && subscriptions.find((subscription) => subscription.list_id === one.id)
  const message = !one
    ? t(locale, 'unsubscribed.nothing')
    : row
      ? t(locale, 'unsubscribe.left', {
          list: listText(locale, one).name,
          date: formatDate(locale, row.updated_at),
        })
      : t(locale, 'unsubscribe.notOn', { list: listText(locale, one).name })
  const askReason = left.length > 0 && !(await reasonGiven(deps, contact, left))
  return c.render(
    <AlreadyUnsubscribedPage
      locale={locale}
      message={message}
      preferencesUrl={preferencesUrl}
      failed={reasonError !== undefined}
    >
      {left.length > 0 && (
        <LeaveFollowUp
          locale={locale}
          basePath={linkPath('unsubscribe', token)}
          canUndo={left.some((entry) => canJoinBySelf(entry.list))}
          askReason={askReason}
          reasonError={reasonError}
        />
      )}
    </AlreadyUnsubscribedPage>,
    reasonError ? 400 : 200,
  )
}
