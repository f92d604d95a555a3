import type { ContactRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { findLists } from '../../repos/lists.js'
import { contactView, type ContactView } from '../links/contact-view.js'

/** The personal data export (GDPR art. 15 and 20): one self-describing JSON document. */
export interface PersonalDataExport {
  format: 'prefcenter.personal-data/1'
  generated_at: string
  contact: Omit<ContactView, 'subscriptions' | 'events'>
  subscriptions: (ContactView['subscriptions'][number] & {
    list_name: string | null
    legal_basis: string | null
  })[]
  consent_history: ContactView['events']
}

/**
 * Everything held about a contact: the contact, every subscription (with the list's name and
 * legal basis) and the whole consent history.
 *
 * @example const document = await exportPersonalData(deps, contact)
 */
export async function exportPersonalData(
  deps: Pick<Deps, 'db' | 'now'>,
  contact: ContactRow,
): Promise<PersonalDataExport> {
  const [view, lists] = await Promise.all([
    contactView(deps, contact),
    findLists(deps.db, { includeArchived: true }),
  ])
  const byId = new Map(lists.map((list) => [list.id, list]))
  const { subscriptions, events, ...rest } = view
  return {
    format: 'prefcenter.personal-data/1',
    generated_at: new Date(deps.now()).toISOString(),
    contact: rest,
    subscriptions: subscriptions.map((row) => ({
      ...row,
      list_name: byId.get(row.list)?.name ?? null,
      legal_basis: byId.get(row.list)?.legal_basis ?? null,
    })),
    consent_history: events,
  }
}

/** A file name for the download that names no one. */
export function exportFileName(nowMs: number): string {
  return `prefcenter-my-data-${new Date(nowMs).toISOString().slice(0, 10)}.json`
}
