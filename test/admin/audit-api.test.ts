import { afterEach, describe, expect, it } from 'vitest'
import { createApiKey } from '../../src/domain/admin/api-keys.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { api, enc, evidence } from './helpers.js'

// Accountability (GDPR art. 5(2)): a privacy review found the admin API's changes in the ledger
// as `admin` with no one behind them, and nothing in the audit log. Now each one is audited
// with its credential and the contact's id, as the console's own actions are.

let t: TestApp
afterEach(() => t?.close())

const auditRows = () => t.deps.db.selectFrom('admin_audit').selectAll().orderBy('id').execute()

describe('admin-API audit', () => {
  it('records who changed, exported or erased whom, and never the address', async () => {
    t = await createTestApp()
    const writer = await createApiKey(t.deps, { name: 'crm', scope: 'write' })
    const put = await api(
      t,
      'PUT',
      `/contacts/${enc('zoe@example.org')}`,
      { subscriptions: { newsletter: 'subscribed' }, consent: evidence },
      writer.key,
    )
    expect(put.status).toBe(200)
    const { id } = (await put.json()) as { id: string }
    // Reads are not audited; neither are refused calls.
    expect(
      (await api(t, 'GET', `/contacts/${enc('zoe@example.org')}`, undefined, writer.key)).status,
    ).toBe(200)
    expect(
      (await api(t, 'DELETE', `/contacts/${enc('nobody@example.org')}`, undefined, writer.key))
        .status,
    ).toBe(404)
    expect(
      (
        await api(t, 'POST', `/contacts/${enc('zoe@example.org')}/address`, {
          email: 'zoe.new@example.org',
        })
      ).status,
    ).toBe(200)
    expect(
      (await api(t, 'GET', `/contacts/${enc('zoe.new@example.org')}/export`, undefined, writer.key))
        .status,
    ).toBe(200)
    expect(
      (await api(t, 'DELETE', `/contacts/${enc('zoe.new@example.org')}`, undefined, writer.key))
        .status,
    ).toBe(200)

    const rows = await auditRows()
    expect(rows.map((row) => [row.actor, row.action, row.target])).toEqual([
      [writer.id, 'api PUT /api/v1/contacts/:email', id],
      ['admin-token', 'api POST /api/v1/contacts/:email/address', id],
      [writer.id, 'api GET /api/v1/contacts/:email/export', id],
      [writer.id, 'api DELETE /api/v1/contacts/:email', id],
    ])
    expect(JSON.stringify(rows)).not.toContain('zoe')
  })
})
