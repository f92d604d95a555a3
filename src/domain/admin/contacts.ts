import { acceptsAsNew } from '../subscription/email.js'
import { lockContact } from '../../db/locks.js'
import type { ContactRow, Db, ListRow, SubscriptionStatus } from '../../db/schema.js'
import type { Deps } from '../../deps.js'
import { AppError } from '../../errors.js'
import { normalizeLocale } from '../../i18n/locale.js'
import { subscriberHash } from '../../mailchimp/subscriber-hash.js'
import {
  findContactByEmail,
  findContactById,
  findSubscriptions,
  insertContact,
  newContactRow,
  updateContact,
} from '../../repos/contacts.js'
import { findLists } from '../../repos/lists.js'
import { enqueue } from '../../repos/outbox.js'
import {
  inTransaction,
  recordChanges,
  recordContactEvent,
  type Evidence,
  type SubscriptionChange,
} from '../subscription/record-changes.js'
import { requestSubscription } from '../subscription/subscribe.js'
import { planLeave } from '../leaving/leave-lists.js'
import { isSuppressed, suppressionKeys } from '../privacy/suppression.js'

/** Evidence of consent given somewhere else (a CRM form, a call), as the admin API receives it. */
export interface ConsentEvidence {
  /** Where consent was given, e.g. `crm-form`, `phone`. */
  source: string
  /** The wording the person agreed to. */
  text: string
  /** When, epoch ms; defaults to now. */
  timestamp?: number
  ip?: string
  userAgent?: string
  version?: string
}

export interface UpsertInput {
  email: string
  subscriptions: Record<string, 'subscribed' | 'unsubscribed'>
  consent?: ConsentEvidence
  /** Send the double opt-in mail for the lists to subscribe instead of subscribing directly. */
  confirm?: boolean
  locale?: string
  name?: string
}

export interface UpsertResult {
  contact: ContactRow
  /** Lists that now wait for the person's confirmation. */
  pending: string[]
  created: boolean
}

/**
 * Creates or updates a contact's subscriptions on behalf of the company. Subscribing to a
 * consent-based list needs evidence of consent, or `confirm: true`, which sends the double
 * opt-in mail instead. A suppressed (erased) address can only come back through its own double
 * opt-in. Nothing changes when any rule fails.
 *
 * @example await upsertContact(deps, { email, subscriptions: { newsletter: 'subscribed' }, confirm: true })
 */
export async function upsertContact(deps: Deps, input: UpsertInput): Promise<UpsertResult> {
  const lists = new Map(
    (await findLists(deps.db, { includeArchived: true })).map((list) => [list.id, list]),
  )
  const wanted: { list: ListRow; to: 'subscribed' | 'unsubscribed' }[] = []
  for (const [id, to] of Object.entries(input.subscriptions)) {
    const list = lists.get(id)
    if (!list) throw new AppError('unknown_list', `Unknown list: ${id.slice(0, 64)}`)
    if (to === 'subscribed' && list.archived === 1)
      throw new AppError('unprocessable', `List ${id} is archived`)
    wanted.push({ list, to })
  }
  const locale = input.locale === undefined ? undefined : normalizeLocale(input.locale)
  if (input.locale !== undefined && !locale)
    throw new AppError('invalid_body', 'locale must be one of en, pl, fi')

  const [existing, suppressed] = await Promise.all([
    findContactByEmail(deps.db, input.email),
    isSuppressed(deps.db, suppressionKeys(deps), input.email),
  ])
  // A stored contact stays reachable; a new one needs an address taken as new (acceptsAsNew).
  if (!existing && !acceptsAsNew(input.email))
    throw new AppError('invalid_email', 'The address cannot be taken as a new one')
  const current = new Map<string, SubscriptionStatus>()
  if (existing) {
    for (const row of await findSubscriptions(deps.db, existing.id))
      current.set(row.list_id, row.status)
  }
  const toSubscribe = wanted.filter(
    (change) => change.to === 'subscribed' && current.get(change.list.id) !== 'subscribed',
  )
  if (suppressed && !input.confirm && (toSubscribe.length > 0 || !existing)) {
    throw new AppError(
      'suppressed',
      'This address was erased; only its own double opt-in can bring it back (use "confirm": true)',
    )
  }
  const hasEvidence = Boolean(input.consent?.source.trim() && input.consent.text.trim())
  const needConsent = toSubscribe.filter((change) => change.list.legal_basis === 'consent')
  if (needConsent.length > 0 && !hasEvidence && !input.confirm) {
    throw new AppError(
      'consent_required',
      `Subscribing to ${needConsent.map((change) => change.list.id).join(', ')} needs consent evidence (consent.source and consent.text) or "confirm": true`,
    )
  }

  const now = deps.now()
  // The one leave rule decides what leaves; the admin naming a list is its explicit
  // confirmation, and it is the company's change, so no cancellation request goes to the host.
  const leaving = planLeave(
    [...lists.values()],
    current,
    {
      kind: 'named',
      listIds: wanted.filter((change) => change.to === 'unsubscribed').map((c) => c.list.id),
    },
    true,
  ).leave
  const leaves = (change: SubscriptionChange) =>
    change.to === 'unsubscribed' && leaving.includes(change.list)
  const direct: SubscriptionChange[] = wanted.filter(
    (change) => leaves(change) || (change.to === 'subscribed' && !input.confirm),
  )
  const optIn = input.confirm ? toSubscribe.map((change) => change.list.id) : []
  const evidence: Evidence = {
    source: 'admin',
    ip: input.consent?.ip ?? null,
    userAgent: input.consent?.userAgent ?? null,
    consentText: input.consent?.text ?? null,
    consentVersion: input.consent?.version ?? null,
    ...(input.consent?.timestamp === undefined ? {} : { occurredAt: input.consent.timestamp }),
    ...(input.consent ? { detail: { consent_source: input.consent.source } } : {}),
  }

  let contact: ContactRow | undefined = existing
  // An erased address that asks for double opt-in gets its contact from requestSubscription.
  if (!(suppressed && !existing)) {
    contact = existing ?? newContactRow(input.email, now, { name: input.name, locale })
    const row = contact
    const profile: { name?: string; locale?: string } = {}
    if (existing && input.name !== undefined && input.name !== existing.name)
      profile.name = input.name
    if (existing && locale !== undefined && locale !== existing.locale) profile.locale = locale
    if (!existing || direct.length > 0 || Object.keys(profile).length > 0) {
      await inTransaction(deps, async (trx) => {
        if (existing) {
          // PostgreSQL: wait for any other writer of this contact; recordChanges then reads the committed state.
          await lockContact(trx, row.id)
          if (Object.keys(profile).length > 0)
            await updateContact(trx, row.id, { ...profile, updated_at: now })
          await recordChanges(trx, deps, row, direct, evidence)
        } else {
          await insertContact(trx, row)
          // A new contact has no subscriptions: nothing to read inside the transaction.
          await recordChanges(trx, deps, row, direct, evidence, { current })
        }
      })
    }
  }
  if (optIn.length > 0) {
    await requestSubscription(deps, {
      email: input.email,
      listIds: optIn,
      ...(input.name === undefined ? {} : { name: input.name }),
      ...(locale === undefined ? {} : { locale }),
      evidence: { ...evidence, consentText: evidence.consentText ?? null },
    })
  }
  const fresh = await findContactByEmail(deps.db, input.email)
  if (!fresh) throw new AppError('suppressed', 'This address was erased')
  return { contact: fresh, pending: optIn, created: !existing }
}

/** Work that goes with an address change, in its transaction. */
export interface ChangeHooks {
  /** Reads before any write; throwing refuses the change. */
  check?: (trx: Db) => Promise<void>
  /** Writes made with the change. */
  write?: (trx: Db) => Promise<void>
}

/**
 * Changes a contact's address (rectification). The new address must be free and not
 * suppressed; the ledger records the change without repeating either address in `detail`.
 * It changes the contact as it was read: if its address moved meanwhile (another change won a
 * race), nothing changes and the answer is `conflict` with `details.stale`. `hooks` run in the
 * same transaction (a link checked, then spent with the change, or neither).
 *
 * @example await changeAddress(deps, contact, 'new@example.com')
 */
export async function changeAddress(
  deps: Deps,
  contact: ContactRow,
  newEmail: string,
  evidence: Evidence = { source: 'admin' },
  hooks: ChangeHooks = {},
): Promise<ContactRow> {
  if (newEmail === contact.email) return contact
  const [taken, suppressed] = await Promise.all([
    findContactByEmail(deps.db, newEmail),
    isSuppressed(deps.db, suppressionKeys(deps), newEmail),
  ])
  if (taken) throw new AppError('conflict', 'Another contact already has the new address')
  if (suppressed)
    throw new AppError(
      'suppressed',
      'The new address was erased; only its own double opt-in can bring it back',
    )
  const now = deps.now()
  await inTransaction(deps, async (trx) => {
    // PostgreSQL: an erasure of this contact waits, then erases the new address, not the old.
    await lockContact(trx, contact.id)
    // Reads first, then writes: on D1 a transaction's writes are queued until it ends.
    await hooks.check?.(trx)
    const current = await findContactById(trx, contact.id)
    if (
      current?.email !== contact.email ||
      Number(current.address_version) !== Number(contact.address_version)
    )
      throw new AppError('conflict', 'The contact changed meanwhile; nothing was changed', {
        stale: true,
      })
    await updateContact(trx, contact.id, { email: newEmail, updated_at: now })
    await hooks.write?.(trx)
    await recordContactEvent(
      trx,
      deps,
      { ...contact, email: newEmail },
      contact.status,
      contact.status,
      { ...evidence, detail: { change: 'address' } },
    )
    // Also while restricted: the member under the old address must follow (the drain sends a
    // restricted contact as unsubscribed), or it would keep receiving campaigns there.
    if (deps.config.mailchimp) {
      await enqueue(
        trx,
        'mailchimp',
        contact.id,
        {
          type: 'member.sync',
          contactId: contact.id,
          reason: 'address_changed',
          previousSubscriberHash: subscriberHash(contact.email),
        },
        now,
      )
    }
  })
  return { ...contact, email: newEmail, updated_at: now }
}
