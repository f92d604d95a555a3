import type { ConsentEventRow } from '../../db/schema.js'

/** A ledger event as the API and the data export show it. */
export interface EventJson {
  id: string
  contact_id: string
  email: string | null
  list: string | null
  from: string | null
  to: string
  source: string
  legal_basis: string | null
  ip: string | null
  user_agent: string | null
  consent_text: string | null
  consent_version: string | null
  occurred_at: string
  recorded_at: string
  detail: Record<string, unknown> | null
}

/** @example toEventJson(row).occurred_at // '2026-11-22T12:00:00.000Z' */
export function toEventJson(row: ConsentEventRow): EventJson {
  return {
    id: row.id,
    contact_id: row.contact_id,
    email: row.email,
    list: row.list_id,
    from: row.from_status,
    to: row.to_status,
    source: row.source,
    legal_basis: row.legal_basis,
    ip: row.ip,
    user_agent: row.user_agent,
    consent_text: row.consent_text,
    consent_version: row.consent_version,
    occurred_at: new Date(Number(row.occurred_at)).toISOString(),
    recorded_at: new Date(Number(row.recorded_at)).toISOString(),
    detail: parseDetail(row.detail),
  }
}

function parseDetail(text: string | null): Record<string, unknown> | null {
  if (!text) return null
  try {
    const value: unknown = JSON.parse(text)
    return value && typeof value === 'object' ? (value as Record<string, unknown>) : { value }
  } catch {
    return { text }
  }
}
