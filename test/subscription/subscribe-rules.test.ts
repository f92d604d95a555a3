import type { KyselyPlugin, QueryId, RootOperationNode } from 'kysely'
import { afterEach, describe, expect, it } from 'vitest'
import type { Db } from '../../src/db/schema.js'
import { requestSubscription } from '../../src/domain/subscription/subscribe.js'
import { openDatabase } from '../../src/node/database.js'
import { api, enc } from '../admin/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'

// Two rules of requestSubscription that a mutation run showed no test held (issue 9, item 10).

let t: TestApp
afterEach(() => t?.close())

async function pendingEvent(list: string) {
  return t.deps.db
    .selectFrom('consent_events')
    .selectAll()
    .where('list_id', '=', list)
    .where('to_status', '=', 'pending')
    .executeTakeFirstOrThrow()
}

describe('the consent wording in the ledger is the one the person saw', () => {
  it('the admin API with confirm and no consent evidence records no wording at all', async () => {
    t = await createTestApp()
    const res = await api(t, 'PUT', `/contacts/${enc('ada@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      confirm: true,
    })
    expect(res.status).toBe(200)
    expect(await pendingEvent('newsletter')).toMatchObject({
      source: 'admin',
      consent_text: null,
      consent_version: null,
    })
  })

  it("the admin API with confirm and evidence records the caller's wording, not the form's", async () => {
    t = await createTestApp()
    await api(t, 'PUT', `/contacts/${enc('ada@example.com')}`, {
      subscriptions: { newsletter: 'subscribed' },
      consent: { source: 'crm-form', text: 'Yes, the CRM newsletter.', version: 'crm-3' },
      confirm: true,
    })
    expect(await pendingEvent('newsletter')).toMatchObject({
      consent_text: 'Yes, the CRM newsletter.',
      consent_version: 'crm-3',
    })
  })

  it('the sign-up form records the wording of the form, in its language', async () => {
    t = await createTestApp()
    await requestSubscription(t.deps, {
      email: 'ada@example.com',
      listIds: ['newsletter'],
      locale: 'fi',
      evidence: { source: 'form', ip: null },
    })
    const event = await pendingEvent('newsletter')
    expect(event.consent_text).toBeTruthy()
    expect(event.consent_version).toBeTruthy()
  })
})

/**
 * Lets a confirmation land on the real database, through a second connection (another
 * instance), right after the first read of a contact's subscriptions has been answered: the
 * caller holds the old statuses, the database the new.
 */
function confirmAfterFirstRead(other: Db, contactId: string, list: string): KyselyPlugin {
  const reads = new WeakSet<QueryId>()
  let fired = false
  return {
    transformQuery({ node, queryId }: { node: RootOperationNode; queryId: QueryId }) {
      const table = node.kind === 'SelectQueryNode' ? JSON.stringify(node.from ?? {}) : ''
      if (table.includes('"subscriptions"')) reads.add(queryId)
      return node
    },
    async transformResult({ result, queryId }) {
      if (!fired && reads.has(queryId)) {
        fired = true
        await other
          .updateTable('subscriptions')
          .set({ status: 'subscribed' })
          .where('contact_id', '=', contactId)
          .where('list_id', '=', list)
          .execute()
      }
      return result
    },
  }
}

describe('a sign-up never downgrades a list confirmed meanwhile', () => {
  it('a confirmation landing between the first read and the write keeps the list subscribed', async () => {
    t = await createTestApp()
    const request = {
      email: 'ada@example.com',
      listIds: ['newsletter'],
      evidence: { source: 'form' as const, ip: null },
    }
    await requestSubscription(t.deps, request)
    const { id } = await t.deps.db.selectFrom('contacts').select('id').executeTakeFirstOrThrow()
    const other = await openDatabase(t.deps.config.databaseUrl)
    const racing = {
      ...t.deps,
      db: t.deps.db.withPlugin(confirmAfterFirstRead(other.db, id, 'newsletter')),
    }
    // The first read still says pending, so a second mail goes out; the write must not downgrade.
    await requestSubscription(racing, request).finally(() => other.close())
    const row = await t.deps.db
      .selectFrom('subscriptions')
      .select('status')
      .where('contact_id', '=', id)
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('subscribed')
    const downgrades = await t.deps.db
      .selectFrom('consent_events')
      .select('id')
      .where('from_status', '=', 'subscribed')
      .where('to_status', '=', 'pending')
      .execute()
    expect(downgrades).toEqual([])
  })
})
