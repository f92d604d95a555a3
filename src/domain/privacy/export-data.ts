import type { ContactRow } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { findOpenAddressChanges } from '../../repos/address-changes.js'
import { findSubscriptions } from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'
import { isAwaitingConfirmation } from '../../repos/mailchimp-members.js'
import { contactView, type ContactView } from '../links/contact-view.js'

type Subscription = ContactView['subscriptions'][number] & {
  list_name: string | null
  legal_basis: string | null
  /** While the person paused the list: when it resumes. */
  paused_until: string | null
}

/** One contact's part of the export: the person's own, or an earlier address merged into it. */
interface ContactRecord {
  contact: Omit<ContactView, 'subscriptions' | 'events'> & { complained: boolean }
  subscriptions: Subscription[]
  consent_history: ContactView['events']
}

/** The personal data export (GDPR art. 15 and 20): one self-describing JSON document. */
export interface PersonalDataExport extends ContactRecord {
  format: 'prefcenter.personal-data/1'
  generated_at: string
  /** Address changes the person asked for and has not confirmed yet (the typed address). */
  address_change_requests: Array<{ new_email: string; requested_at: string; expires_at: string }>
  /** Re-subscribed here while Mailchimp waits for its own confirmation mail to be answered. */
  awaiting_mailchimp_confirmation: boolean
  /** Who holds the data, who else receives it, and how long it is kept (GDPR art. 15(1)). */
  about: {
    controller: { name: string | null; address: string | null }
    recipients: string[]
    retention: string
  }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(Number(ms)).toISOString())

/**
 * Everything held about a contact: the contact, every subscription (with the list's name, legal
 * basis and any pause), the whole consent history, open address-change requests, the Mailchimp
 * waiting state, and who holds and receives the data for how long. Contacts Mailchimp's upemail
 * merged into this one are not in it: Mailchimp's staff can change an address too, so such a
 * contact may be someone else (a review); its own address's link exports it.
 *
 * @example const document = await exportPersonalData(deps, contact)
 */
export async function exportPersonalData(
  deps: Pick<Deps, 'db' | 'now' | 'config'>,
  contact: ContactRow,
): Promise<PersonalDataExport> {
  const lists = await findLists(deps.db, { includeArchived: true })
  const byId = new Map(lists.map((list) => [list.id, list]))
  const record = async (one: ContactRow): Promise<ContactRecord> => {
    const [view, rows] = await Promise.all([
      contactView(deps, one),
      findSubscriptions(deps.db, one.id),
    ])
    const paused = new Map(rows.map((row) => [row.list_id, row.paused_until]))
    const { subscriptions, events, ...rest } = view
    return {
      contact: { ...rest, complained: one.complained === 1 },
      subscriptions: subscriptions.map((row) => ({
        ...row,
        list_name: byId.get(row.list)?.name ?? null,
        legal_basis: byId.get(row.list)?.legal_basis ?? null,
        paused_until: iso(paused.get(row.list) ?? null),
      })),
      consent_history: events,
    }
  }
  const [own, requests, awaiting] = await Promise.all([
    record(contact),
    findOpenAddressChanges(deps.db, contact.id, deps.now()),
    isAwaitingConfirmation(deps.db, contact.id),
  ])
  const organization = deps.config.organization
  return {
    format: 'prefcenter.personal-data/1',
    generated_at: new Date(deps.now()).toISOString(),
    ...own,
    address_change_requests: requests.map((row) => ({
      new_email: row.new_email,
      requested_at: iso(row.created_at)!,
      expires_at: iso(row.expires_at)!,
    })),
    awaiting_mailchimp_confirmation: awaiting,
    about: {
      controller: { name: organization.name ?? null, address: organization.address ?? null },
      recipients: deps.config.mailchimp
        ? ['Mailchimp (Intuit Inc.), which sends the emails of the lists you are on']
        : [],
      retention: `Kept while you are on a list, and after you leave as the record of your choices, until you ask for erasure. A sign-up never confirmed is deleted after ${Math.round(deps.config.pendingTtlMs / 86_400_000)} days. After erasure only the consent history without your address, name or network details remains, and a keyed hash of your address so that it is not added again.`,
    },
  }
}

/** A file name for the download that names no one. */
export function exportFileName(nowMs: number): string {
  return `prefcenter-my-data-${new Date(nowMs).toISOString().slice(0, 10)}.json`
}
