/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { SubscriptionStatus } from '../../src/db/schema.js'
import { isOn } from '../../src/domain/subscription/preferences.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { CancelConfirmation, KeptListForms } from '../components/cancel-confirmation.js'
import { ConsentNote } from '../components/consent-note.js'
import { FieldError, invalidAttributes } from '../components/field-error.js'
import { Notice } from '../components/notice.js'
import { Layout } from '../layout.js'

export interface PreferenceRow {
  id: string
  name: string
  description: string
  status: SubscriptionStatus | null
  cancelsAccount: boolean
  /** False for lists that come with an account: shown only while the person is on them. */
  selfService: boolean
  /** The day the person left, in words, for a left list they cannot join again here. */
  leftOn?: string
  /** The day a paused list resumes, in words, while it is paused. */
  pausedUntil?: string
}

/** What a save did, to tell the person more than "saved". */
export interface SaveSummary {
  joined: string[]
  left: string[]
  cancellationRequested: boolean
  /** A pause just made: the list and the day it resumes, in words. */
  paused?: { list: string; until: string }
  /** A pause just ended: the list. */
  resumed?: string
}

export interface PreferencesPageProps {
  locale: Locale
  /** `/preferences/<token>`: the forms of the "Your data" section post below it. */
  basePath: string
  email: string
  name: string | null
  rows: PreferenceRow[]
  restricted: boolean
  /** Mailchimp held the person in a compliance state: it mails its own confirmation first. */
  awaitingMailchimp?: boolean
  /** After a save. */
  summary?: SaveSummary
  /** After a name change. */
  nameSaved?: boolean
  /** Shown after a refused save. */
  error?: string
  /** A refused name, with its message. */
  nameError?: { value: string; message: string }
  /** A refused new address, with its message. */
  emailError?: { value: string; message: string }
  /** The lists the refused form asked for: the boxes show what the person ticked. */
  wanted?: string[]
  /** Account-cancelling lists the refused save would leave: each gets its warning and tick. */
  needsConfirmation?: string[]
  /** Account-cancelling lists that unsubscribe-from-all kept; each gets its confirm form. */
  kept?: string[]
}

const statusKey = {
  subscribed: 'status.subscribed',
  pending: 'status.pending',
  unsubscribed: 'status.unsubscribed',
} as const

/**
 * `GET /preferences/:token`: the address it manages, every list the person can choose with its
 * status and a box, save, unsubscribe from all, the name, and the person's data rights (export,
 * erase, restrict; handled by the privacy routes). The account warning appears only once the
 * person has unticked an account list, never as a standing red box.
 */
export function PreferencesPage(props: PreferencesPageProps) {
  const { locale, basePath, rows, restricted, awaitingMailchimp, summary, error, kept = [] } = props
  const wanted = props.wanted
  const confirming = rows.filter((row) => props.needsConfirmation?.includes(row.id))
  const choosable = rows.filter((row) => row.selfService || isOn(row.status))
  const leftAccountLists = rows.filter((row) => !row.selfService && row.leftOn)
  return (
    <Layout
      locale={locale}
      title={t(locale, 'prefs.title')}
      failed={Boolean(error || props.nameError || props.emailError)}
    >
      <p class="managed-address">{t(locale, 'prefs.for', { email: props.email })}</p>
      {summary && <SaveNotice locale={locale} summary={summary} />}
      {props.nameSaved && <Notice kind="ok">{t(locale, 'prefs.nameSaved')}</Notice>}
      {error && (
        <p class="warning" role="alert" id="prefs-error">
          {error}
        </p>
      )}
      {(props.nameError || props.emailError) && (
        // The fields sit far down the page: the problem is named at the top, with a way to it.
        <div class="warning" role="alert">
          <p>{t(locale, 'form.problems')}</p>
          <ul>
            {props.nameError && (
              <li>
                <a href="#name">{props.nameError.message}</a>
              </li>
            )}
            {props.emailError && (
              <li>
                <a href="#new_email">{props.emailError.message}</a>
              </li>
            )}
          </ul>
        </div>
      )}
      {restricted && <Notice>{t(locale, 'prefs.restrictedNow')}</Notice>}
      {awaitingMailchimp && <Notice>{t(locale, 'prefs.awaitingMailchimp')}</Notice>}
      <KeptListForms
        locale={locale}
        kept={kept}
        idPrefix="kept_confirm_"
        action="unsubscribe_all"
      />
      <p>{t(locale, 'prefs.intro')}</p>
      <form method="post">
        <input type="hidden" name="action" value="save" />
        <fieldset>
          <legend>{t(locale, 'prefs.lists')}</legend>
          {choosable.map((row) => (
            <div class="choice">
              <input
                type="checkbox"
                id={`list-${row.id}`}
                name="lists"
                value={row.id}
                checked={wanted ? wanted.includes(row.id) : isOn(row.status)}
              />
              <label for={`list-${row.id}`}>
                {row.name}
                <span class="description">{row.description}</span>
                {row.pausedUntil ? (
                  <span class="status status-paused">
                    {t(locale, 'prefs.status')}:{' '}
                    {t(locale, 'prefs.pausedUntil', { date: row.pausedUntil })}
                  </span>
                ) : (
                  <span class={`status status-${row.status ?? 'none'}`}>
                    {t(locale, 'prefs.status')}:{' '}
                    {t(locale, row.status ? statusKey[row.status] : 'status.none')}
                  </span>
                )}
              </label>
            </div>
          ))}
        </fieldset>
        {leftAccountLists.map((row) => (
          <p class="small">{t(locale, 'prefs.leftOn', { list: row.name, date: row.leftOn! })}</p>
        ))}
        {confirming.map((row) => (
          <CancelConfirmation
            locale={locale}
            listName={row.name}
            id={`confirm_cancel_${row.id}`}
            describedBy={error ? 'prefs-error' : undefined}
          />
        ))}
        <ConsentNote locale={locale} />
        <p>
          <button type="submit">{t(locale, 'prefs.save')}</button>
        </p>
      </form>

      <PauseForms locale={locale} basePath={basePath} rows={rows} />

      <h2>{t(locale, 'prefs.unsubscribeAllHeading')}</h2>
      <form method="post">
        <input type="hidden" name="action" value="unsubscribe_all" />
        <p class="small">{t(locale, 'prefs.unsubscribeAllHelp')}</p>
        <button type="submit" class="secondary">
          {t(locale, 'prefs.unsubscribeAll')}
        </button>
      </form>

      <h2>{t(locale, 'prefs.profileHeading')}</h2>
      <form method="post">
        <input type="hidden" name="action" value="profile" />
        <p>
          {t(locale, 'prefs.email')}: <strong>{props.email}</strong>
        </p>
        <div class="field">
          <label for="name">{t(locale, 'prefs.name')}</label>
          <FieldError id="name-error" message={props.nameError?.message} />
          <input
            type="text"
            id="name"
            name="name"
            value={props.nameError ? props.nameError.value : (props.name ?? '')}
            {...invalidAttributes('name-error', props.nameError?.message)}
            maxlength={200}
            autocomplete="name"
          />
        </div>
        <button type="submit" class="secondary">
          {t(locale, 'prefs.saveName')}
        </button>
      </form>
      <form method="post">
        <input type="hidden" name="action" value="change_email" />
        <div class="field">
          <label for="new_email">{t(locale, 'prefs.newEmail')}</label>
          <p class="small" id="new-email-help">
            {t(locale, 'prefs.changeEmailHelp')}
          </p>
          <FieldError id="new-email-error" message={props.emailError?.message} />
          <input
            type="email"
            id="new_email"
            name="new_email"
            value={props.emailError?.value}
            {...invalidAttributes('new-email-error', props.emailError?.message)}
            aria-describedby={
              props.emailError ? 'new-email-error new-email-help' : 'new-email-help'
            }
            required
            maxlength={254}
            autocomplete="email"
            inputmode="email"
          />
        </div>
        <button type="submit" class="secondary">
          {t(locale, 'prefs.changeEmail')}
        </button>
      </form>

      <h2>{t(locale, 'prefs.dataHeading')}</h2>
      <p class="small">{t(locale, 'prefs.privacyByMail')}</p>
      <div class="data-actions">
        <form method="post" action={`${basePath}/export`}>
          <button type="submit" class="secondary">
            {t(locale, 'prefs.export')}
          </button>{' '}
          <span class="small">{t(locale, 'prefs.exportHelp')}</span>
        </form>
        <form method="post" action={`${basePath}/restrict`}>
          <input type="hidden" name="restricted" value={restricted ? '0' : '1'} />
          <button type="submit" class="secondary">
            {t(locale, restricted ? 'prefs.unrestrict' : 'prefs.restrict')}
          </button>{' '}
          <span class="small">{t(locale, 'prefs.restrictHelp')}</span>
        </form>
        <p>
          <a class="danger-link" href={`${basePath}/erase`}>
            {t(locale, 'prefs.erase')}
          </a>{' '}
          <span class="small">{t(locale, 'prefs.eraseHelp')}</span>
        </p>
      </div>
    </Layout>
  )
}

/** "Joined: …", "Left: …", "Paused: … until …", "Resumed: …", or "Nothing changed". */
function SaveNotice({ locale, summary }: { locale: Locale; summary: SaveSummary }) {
  const { joined, left, paused, resumed } = summary
  if (paused || resumed)
    return (
      <div class="notice notice-ok" role="status">
        <p>
          {paused
            ? t(locale, 'prefs.changes.paused', { list: paused.list, date: paused.until })
            : t(locale, 'prefs.changes.resumed', { list: resumed ?? '' })}
        </p>
      </div>
    )
  return (
    <div class="notice notice-ok" role="status">
      {joined.length === 0 && left.length === 0 ? (
        <p>{t(locale, 'prefs.changes.none')}</p>
      ) : (
        <>
          <p>{t(locale, 'prefs.saved')}</p>
          {joined.length > 0 && (
            <p>{t(locale, 'prefs.changes.joined', { lists: joined.join(', ') })}</p>
          )}
          {left.length > 0 && <p>{t(locale, 'prefs.changes.left', { lists: left.join(', ') })}</p>}
          {summary.cancellationRequested && <p>{t(locale, 'cancel.requested')}</p>}
        </>
      )}
    </div>
  )
}

/**
 * One small form per subscribed list: pause it for 1 or 3 months (the button says which), or,
 * while it is paused, its end date and "Resume now". A list that comes with the account carries
 * its notices and is not offered (one paused before is still offered "Resume now").
 */
function PauseForms(props: { locale: Locale; basePath: string; rows: PreferenceRow[] }) {
  const { locale, basePath } = props
  const rows = props.rows.filter(
    (row) => row.status === 'subscribed' && (!row.cancelsAccount || row.pausedUntil),
  )
  if (rows.length === 0) return null
  return (
    <section class="pause">
      <h2>{t(locale, 'prefs.pauseHeading')}</h2>
      <p class="small">{t(locale, 'prefs.pauseHelp')}</p>
      {rows.map((row) => (
        <form method="post" action={`${basePath}/${row.pausedUntil ? 'resume' : 'pause'}`}>
          <input type="hidden" name="list" value={row.id} />
          <p>
            {/* Each button is described by its list: "Pause for 1 month" repeats per list. */}
            <strong id={`pause-list-${row.id}`}>{row.name}</strong>
            {row.pausedUntil ? (
              <>
                {' '}
                <span class="status status-paused">
                  {t(locale, 'prefs.pausedUntil', { date: row.pausedUntil })}
                </span>{' '}
                <button type="submit" class="secondary" aria-describedby={`pause-list-${row.id}`}>
                  {t(locale, 'prefs.resume')}
                </button>
              </>
            ) : (
              <>
                {' '}
                <button
                  type="submit"
                  class="secondary"
                  name="months"
                  value="1"
                  aria-describedby={`pause-list-${row.id}`}
                >
                  {t(locale, 'prefs.pause1')}
                </button>{' '}
                <button
                  type="submit"
                  class="secondary"
                  name="months"
                  value="3"
                  aria-describedby={`pause-list-${row.id}`}
                >
                  {t(locale, 'prefs.pause3')}
                </button>
              </>
            )}
          </p>
        </form>
      ))}
    </section>
  )
}
