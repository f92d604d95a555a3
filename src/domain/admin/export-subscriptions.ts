import type { Deps } from '../../deps.js'
import { findConsentEvidence } from '../../repos/consent-events.js'
import { findSubscriptionPage } from '../../repos/subscriptions.js'

/** One line of a subscriptions export; the import reads the same columns back. */
export interface ExportRow {
  email: string
  list: string
  status: string
  updated_at: string
  locale: string
  name: string
  /** Evidence of the latest change into `subscribed`, so that a re-import can prove consent. */
  consent_source: string
  consent_text: string
  consent_at: string
  consent_ip: string
}

export const EXPORT_COLUMNS: (keyof ExportRow)[] = [
  'email',
  'list',
  'status',
  'updated_at',
  'locale',
  'name',
  'consent_source',
  'consent_text',
  'consent_at',
  'consent_ip',
]

/**
 * Every subscription with its contact and consent evidence, in pages of `pageSize` ordered by
 * (contact, list), so memory stays flat whatever the size of the database.
 *
 * @example for await (const row of exportSubscriptions(deps)) write(row)
 */
export async function* exportSubscriptions(
  deps: Pick<Deps, 'db'>,
  pageSize = 1000,
): AsyncGenerator<ExportRow> {
  let after: { contactId: string; listId: string } | undefined
  for (;;) {
    const page = await findSubscriptionPage(deps.db, after, pageSize)
    if (page.length === 0) return
    const events = await findConsentEvidence(deps.db, [
      ...new Set(page.map((row) => row.contact_id)),
    ])
    const latest = new Map(
      events
        .filter((e) => e.to_status === 'subscribed')
        .map((event) => [`${event.contact_id}\n${event.list_id}`, event]),
    )
    // A double opt-in's confirm event may carry no wording: the sign-up (pending) event holds it.
    const wording = new Map(
      events
        .filter((e) => e.consent_text)
        .map((event) => [`${event.contact_id}\n${event.list_id}`, event.consent_text]),
    )
    for (const row of page) {
      const event =
        row.status === 'subscribed' ? latest.get(`${row.contact_id}\n${row.list_id}`) : undefined
      yield {
        email: row.email,
        list: row.list_id,
        status: row.status,
        updated_at: new Date(Number(row.updated_at)).toISOString(),
        locale: row.locale ?? '',
        name: row.name ?? '',
        consent_source: event ? (consentSource(event.detail) ?? event.source) : '',
        consent_text: event
          ? (event.consent_text ?? wording.get(`${row.contact_id}\n${row.list_id}`) ?? '')
          : '',
        consent_at: event ? new Date(Number(event.occurred_at)).toISOString() : '',
        consent_ip: event?.ip ?? '',
      }
    }
    const last = page[page.length - 1]!
    after = { contactId: last.contact_id, listId: last.list_id }
    if (page.length < pageSize) return
  }
}

function consentSource(detail: string | null): string | undefined {
  if (!detail) return undefined
  try {
    const value = (JSON.parse(detail) as { consent_source?: unknown }).consent_source
    return typeof value === 'string' ? value : undefined
  } catch {
    return undefined
  }
}
