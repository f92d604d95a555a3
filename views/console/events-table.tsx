/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { EventJson } from '../../src/domain/ledger/ledger.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'

/** The evidence an event carries, in one readable line. */
function evidence(event: EventJson): string {
  const parts: string[] = []
  if (event.legal_basis) parts.push(event.legal_basis)
  if (event.ip) parts.push(`IP ${event.ip}`)
  if (event.user_agent) parts.push(event.user_agent)
  if (event.consent_text)
    parts.push(
      `“${event.consent_text}”${event.consent_version ? ` (${event.consent_version})` : ''}`,
    )
  if (event.detail) parts.push(JSON.stringify(event.detail))
  return parts.join(' · ')
}

/**
 * Ledger events as a table: when, contact (linked), list, change, source and evidence.
 *
 * @example <EventsTable locale="en" events={events} showContact />
 */
export function EventsTable(props: { locale: Locale; events: EventJson[]; showContact: boolean }) {
  const { locale, events } = props
  if (events.length === 0) return <p>{t(locale, 'console.ledger.empty')}</p>
  return (
    <section class="table-wrap" tabindex={0} aria-label={t(locale, 'console.ledger.title')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(locale, 'console.ledger.when')}</th>
            {props.showContact && <th scope="col">{t(locale, 'console.ledger.contact')}</th>}
            <th scope="col">{t(locale, 'console.ledger.list')}</th>
            <th scope="col">{t(locale, 'console.ledger.change')}</th>
            <th scope="col">{t(locale, 'console.ledger.source')}</th>
            <th scope="col">{t(locale, 'console.ledger.evidence')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr>
              <td>{event.occurred_at.replace('T', ' ').slice(0, 19)}</td>
              {props.showContact && (
                <td>
                  <a href={`/admin/contacts/${event.contact_id}`}>
                    <code>{event.contact_id.slice(0, 8)}</code>
                  </a>
                </td>
              )}
              <td>{event.list ?? '—'}</td>
              <td>
                {event.from ?? '—'} → {event.to}
              </td>
              <td>{event.source}</td>
              <td>{evidence(event)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  )
}
