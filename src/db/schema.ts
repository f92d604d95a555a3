import type { ColumnType, Insertable, Kysely, Selectable, Transaction, Updateable } from 'kysely'

/** 0 or 1: booleans are integers so that one schema serves SQLite, D1 and PostgreSQL. */
export type Flag = 0 | 1

export type LegalBasis = 'consent' | 'legitimate_interest' | 'contract'
export type SubscriptionStatus = 'pending' | 'subscribed' | 'unsubscribed'
export type ContactStatus = 'active' | 'cleaned'
/** How a ledger event came about; listed once here, for the type and the admin API's filter. */
export const eventSources = [
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
export type EventSource = (typeof eventSources)[number]

export interface ListsTable {
  id: string
  name: string
  description: string
  legal_basis: LegalBasis
  public: Flag
  double_opt_in: Flag
  cancels_account: Flag
  synced: Flag
  archived: Flag
  position: number
  created_at: number
  updated_at: number
}

export interface ContactsTable {
  id: string
  email: string
  name: string | null
  locale: string | null
  status: ContactStatus
  restricted: Flag
  complained: Flag
  created_at: number
  updated_at: number
  version: ColumnType<number, number | undefined, number>
  /** Bumped on every change of `email` (migration 0010): older links stop working. */
  address_version: ColumnType<number, number | undefined, number>
  /**
   * The contact Mailchimp's `upemail` merged this one into (migration 0100): erased with it.
   */
  merged_into: ColumnType<string | null, string | null | undefined, string | null>
}

export interface SubscriptionsTable {
  contact_id: string
  list_id: string
  status: SubscriptionStatus
  created_at: number
  updated_at: number
  /** While the person paused the list: when it resumes (epoch ms); null when not paused. */
  paused_until: number | null
}

export interface ConsentEventsTable {
  id: string
  contact_id: string
  email: string | null
  list_id: string | null
  from_status: string | null
  to_status: string
  source: EventSource
  legal_basis: LegalBasis | null
  ip: string | null
  user_agent: string | null
  consent_text: string | null
  consent_version: string | null
  /** JSON text with anything else worth keeping (reason, campaign id, payload time). */
  detail: string | null
  occurred_at: number
  recorded_at: number
}

export interface OutboxTable {
  id: string
  topic: string
  contact_id: string | null
  /** JSON text. */
  payload: string
  created_at: number
  available_at: number
  attempts: ColumnType<number, number | undefined, number>
  claimed_by: string | null
  claimed_until: number | null
  last_error: string | null
  done_at: number | null
  failed_at: number | null
}

export interface RateLimitsTable {
  bucket: string
  window_start: number
  hits: number
}

export interface SuppressionsTable {
  email_hash: string
  reason: string
  created_at: number
}

export interface ApiKeysTable {
  id: string
  name: string
  key_hash: string
  scope: 'read' | 'write'
  created_at: number
  revoked_at: number | null
  last_used_at: number | null
}

export interface SettingsTable {
  key: string
  value: string
  updated_at: number
}

/** One applied Mailchimp webhook payload (migration 0003), for replay detection. */
export interface MailchimpWebhookReceiptsTable {
  /** HMAC-SHA256 of the raw body under the signing key, hex. */
  id: string
  type: string
  fired_at: number
  received_at: number
}

/** A contact whose member waits in Mailchimp (migration 0030). */
export interface MailchimpMemberStatesTable {
  contact_id: string
  state: 'awaiting_mailchimp_confirmation'
  since: number
}

export interface AddressChangesTable {
  /** SHA-256 (hex) of the secret in the confirmation link. */
  id: string
  contact_id: string
  old_email: string
  new_email: string
  created_at: number
  expires_at: number
  used_at: number | null
  /**
   * `approve`: the link sent to the current address, which approves the change; `confirm`: the
   * link sent to the new address once approved, which makes it (migration 0090).
   */
  stage: 'approve' | 'confirm'
  /** The contact's `address_version` when the link was made (migration 0090). */
  address_version: number
}

/** A console session (migration 0050): only the hash of the cookie's id is kept. */
export interface AdminSessionsTable {
  id_hash: string
  /** The API key id, or `admin-token`. */
  actor: string
  scope: 'read' | 'write'
  csrf_token: string
  locale: string
  created_at: number
  last_seen_at: number
  /** For an ADMIN_TOKEN session: the keyed hash of the token that opened it (migration 0080). */
  credential_hash: string | null
}

/** Who did what in the console (migration 0050). */
export interface AdminAuditTable {
  id: string
  actor: string
  action: string
  target: string | null
  /** JSON text. */
  detail: string | null
  occurred_at: number
}

/** A console import between its dry run and its application (migration 0050). */
export interface AdminImportsTable {
  id: string
  actor: string
  csv: string
  /** JSON text: the dry run's summary and rejections. */
  report: string
  status: 'checked' | 'applied'
  created_at: number
  applied_at: number | null
}

/** A spent single-use link (migration 0011), keyed by its signature. */
export interface UsedLinksTable {
  id: string
  used_at: number
}

export interface Database {
  lists: ListsTable
  contacts: ContactsTable
  subscriptions: SubscriptionsTable
  consent_events: ConsentEventsTable
  outbox: OutboxTable
  rate_limits: RateLimitsTable
  suppressions: SuppressionsTable
  api_keys: ApiKeysTable
  settings: SettingsTable
  mailchimp_webhook_receipts: MailchimpWebhookReceiptsTable
  mailchimp_member_states: MailchimpMemberStatesTable
  address_changes: AddressChangesTable
  used_links: UsedLinksTable
  admin_sessions: AdminSessionsTable
  admin_audit: AdminAuditTable
  admin_imports: AdminImportsTable
}

/** The whole database or an open transaction: repositories take either as their first argument. */
export type Db = Kysely<Database> | Transaction<Database>

export type ListRow = Selectable<ListsTable>
export type ContactRow = Selectable<ContactsTable>
export type NewContact = Insertable<ContactsTable>
export type ContactUpdate = Updateable<ContactsTable>
export type SubscriptionRow = Selectable<SubscriptionsTable>
export type ConsentEventRow = Selectable<ConsentEventsTable>
export type NewConsentEvent = Insertable<ConsentEventsTable>
export type OutboxRow = Selectable<OutboxTable>
export type AddressChangeRow = Selectable<AddressChangesTable>
