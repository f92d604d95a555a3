/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { ConsoleSession } from '../../src/domain/admin/console-session.js'
import type { EventJson } from '../../src/domain/ledger/ledger.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { ConsoleLayout } from './console-layout.js'
import { EventsTable } from './events-table.js'

/** The ledger's filter as it appears in the query string. */
export interface LedgerFilterForm {
  list: string
  source: string
  from: string
  to: string
}

export const ledgerSources = [
  'form',
  'confirm',
  'one_click',
  'unsubscribe_page',
  'preferences',
  'admin',
  'import',
  'mailchimp',
  'system',
] as const

/**
 * The consent ledger with its filter (a GET form: filters are no secret and change nothing),
 * one page of events, a link to older events and the CSV download of the same filter.
 *
 * @example c.html(<LedgerPage locale="en" session={session} filter={filter} lists={ids} events={events} next={null} />)
 */
export function LedgerPage(props: {
  locale: Locale
  session: ConsoleSession
  filter: LedgerFilterForm
  lists: string[]
  events: EventJson[]
  next: string | null
  /** A filter that could not be used: its field and why. */
  problem?: { field: string; message: string } | undefined
}) {
  const { locale, filter, problem } = props
  const invalid = (field: string) =>
    problem?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': 'filter-problem' } : {}
  const query = new URLSearchParams(
    Object.entries(filter).filter(([, value]) => value !== ''),
  ).toString()
  const suffix = query ? `?${query}` : ''
  const nextQuery = new URLSearchParams(query)
  if (props.next) nextQuery.set('cursor', props.next)
  return (
    <ConsoleLayout
      locale={locale}
      title={t(locale, 'console.ledger.title')}
      session={props.session}
      current="ledger"
    >
      {problem && (
        <p class="warning" role="alert" id="filter-problem">
          {problem.message}
        </p>
      )}
      <form method="get" action="/admin/ledger" class="filters">
        <div class="field">
          <label for="filter-list">{t(locale, 'console.ledger.list')}</label>
          <select id="filter-list" name="list" {...invalid('list')}>
            <option value="">{t(locale, 'console.ledger.any')}</option>
            {props.lists.map((id) => (
              <option value={id} selected={filter.list === id}>
                {id}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-source">{t(locale, 'console.ledger.source')}</label>
          <select id="filter-source" name="source" {...invalid('source')}>
            <option value="">{t(locale, 'console.ledger.any')}</option>
            {ledgerSources.map((source) => (
              <option value={source} selected={filter.source === source}>
                {source}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-from">{t(locale, 'console.ledger.from')}</label>
          <input
            id="filter-from"
            name="from"
            type="date"
            value={filter.from}
            {...invalid('from')}
          />
        </div>
        <div class="field">
          <label for="filter-to">{t(locale, 'console.ledger.to')}</label>
          <input id="filter-to" name="to" type="date" value={filter.to} {...invalid('to')} />
        </div>
        <button type="submit">{t(locale, 'console.ledger.apply')}</button>
      </form>
      <p>
        <a href={`/admin/ledger.csv${suffix}`} download>
          {t(locale, 'console.ledger.csv')}
        </a>
      </p>
      <EventsTable locale={locale} events={props.events} showContact />
      {props.next && (
        <p>
          <a href={`/admin/ledger?${nextQuery.toString()}`}>{t(locale, 'console.ledger.next')}</a>
        </p>
      )}
    </ConsoleLayout>
  )
}
