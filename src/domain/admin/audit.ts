import type { Deps } from '../../deps.js'
import { sortableId } from '../../ids.js'
import { findAdminAudit, insertAdminAudit } from '../../repos/admin-audit.js'

/**
 * Writes who (API key id or `admin-token`) did what from the console. Details must never hold
 * an address: contacts are named by id.
 *
 * @example await audit(deps, session.actor, 'list.create', 'product-news', { name })
 */
export async function audit(
  deps: Pick<Deps, 'db' | 'now'>,
  actor: string,
  action: string,
  target: string | null,
  detail?: Record<string, unknown>,
): Promise<void> {
  const now = deps.now()
  await insertAdminAudit(deps.db, {
    id: sortableId(now),
    actor,
    action,
    target,
    detail: detail ? JSON.stringify(detail) : null,
    occurred_at: now,
  })
}

export interface AuditEntry {
  actor: string
  action: string
  target: string | null
  detail: string | null
  occurredAt: number
}

/** The newest audit entries. @example const entries = await recentAudit(deps, 50) */
export async function recentAudit(deps: Pick<Deps, 'db'>, limit = 50): Promise<AuditEntry[]> {
  return (await findAdminAudit(deps.db, limit)).map((row) => ({
    actor: row.actor,
    action: row.action,
    target: row.target,
    detail: row.detail,
    occurredAt: Number(row.occurred_at),
  }))
}
