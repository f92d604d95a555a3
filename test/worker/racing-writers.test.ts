import { Kysely } from 'kysely'
import { Miniflare } from 'miniflare'
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config.js'
import { retryOnConflict } from '../../src/db/conflicts.js'
import { D1Dialect } from '../../src/db/d1-dialect.js'
import type { D1Database } from '../../src/db/d1-types.js'
import { migrate } from '../../src/db/migrate.js'
import type { ContactRow, Database, Db } from '../../src/db/schema.js'
import { buildDeps, type Deps } from '../../src/deps.js'
import { createLogger } from '../../src/logger.js'
import { changeAddress, upsertContact } from '../../src/domain/admin/contacts.js'
import { eraseContact } from '../../src/domain/privacy/erase.js'
import { requestSubscription } from '../../src/domain/subscription/subscribe.js'
import { confirmSubscription } from '../../src/domain/subscription/confirm.js'
import { pauseList, resumeDuePauses, resumeList } from '../../src/domain/subscription/pause.js'
import { leaveAll } from '../../src/domain/subscription/preferences.js'
import { inTransaction, recordChanges } from '../../src/domain/subscription/record-changes.js'
import { openDatabase } from '../../src/node/database.js'
import { readMigrations } from '../../src/node/migrations.js'
import { handleWebhook } from '../../src/mailchimp/webhook.js'
import { parseWebhook } from '../../src/mailchimp/webhook-payload.js'
import { newContactRow } from '../../src/repos/contacts.js'
import { markLinkUsed } from '../../src/repos/used-links.js'
import { createScratchDatabase, postgresAvailable } from '../postgres/pg-support.js'

/**
 * Two requests that change one contact, interleaved by hand on SQLite, D1 (Miniflare) and
 * PostgreSQL: each decides from the contact as it is under lockContact, so a double click or
 * a racing erasure records each change once and writes nothing for a contact that is gone.
 * (From an independent review of the D1 guard, where every case here failed first.)
 */
const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup()
})

/** The D1Database under test, wrapped so a test can run something just before a batch lands. */
interface HookedD1 {
  database: D1Database
  beforeNextBatch?: () => Promise<void>
  batches: number
  readsAfterWrites: string[]
}

function hooked(raw: D1Database): HookedD1 {
  const self: HookedD1 = {
    batches: 0,
    readsAfterWrites: [],
    database: new Proxy(raw, {
      get(target, prop) {
        if (prop === 'batch')
          return async (statements: unknown[]) => {
            const hook = self.beforeNextBatch
            self.beforeNextBatch = undefined
            if (hook) await hook()
            self.batches += 1
            return (target.batch as (s: unknown[]) => Promise<unknown>)(statements)
          }
        const value = Reflect.get(target, prop, target)
        return typeof value === 'function' ? value.bind(target) : value
      },
    }),
  }
  return self
}

const d1Hooks = new WeakMap<Kysely<Database>, HookedD1>()

const engines: Record<string, () => Promise<Kysely<Database> | undefined>> = {
  sqlite: async () => {
    const opened = await openDatabase('sqlite::memory:')
    cleanups.push(opened.close)
    return opened.db
  },
  d1: async () => {
    const mf = new Miniflare({ modules: true, script: 'export default {}', d1Databases: ['DB'] })
    cleanups.push(() => mf.dispose())
    const hook = hooked((await mf.getD1Database('DB')) as unknown as D1Database)
    const db = new Kysely<Database>({
      dialect: new D1Dialect({
        database: hook.database,
        onReadAfterWrite: (sql) => hook.readsAfterWrites.push(sql),
      }),
    })
    d1Hooks.set(db, hook)
    return db
  },
  postgres: async () => {
    if (!(await postgresAvailable())) return undefined
    const scratch = await createScratchDatabase()
    const opened = await openDatabase(scratch.url)
    cleanups.push(async () => {
      await opened.close()
      await scratch.drop()
    })
    return opened.db
  },
}

/**
 * `db` whose next transaction starts only after `other` ran whole: request B happened between
 * request A's reads outside its transaction and A's transaction (on PostgreSQL: A's transaction
 * waited on lockContact's FOR UPDATE while B held it; on D1: B's batch landed first).
 */
function whenOtherRanFirst(db: Kysely<Database>, other: () => Promise<unknown>): Kysely<Database> {
  let armed = true
  return new Proxy(db, {
    get(target, prop) {
      if (prop === 'transaction' && armed) {
        armed = false
        return () => ({
          execute: async (work: never) => {
            await other()
            return target.transaction().execute(work)
          },
        })
      }
      const value = Reflect.get(target, prop, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}

async function setUp(engine: string) {
  const opened = await engines[engine]!()
  if (!opened) return undefined
  const db = opened
  await migrate(db, await readMigrations())
  // The service's own deps (a token signer, metrics...), mail thrown away, logs silent.
  const deps = buildDeps({
    config: loadConfig({
      SIGNING_KEYS: 'k1:0123456789abcdef0123456789abcdef',
      EVENTS_WEBHOOK_URL: 'https://host.example/hooks',
      EVENTS_WEBHOOK_SECRET: 'whsec-0123456789abcdef0123456789abcdef',
    }),
    db,
    dbKind: engine === 'postgres' ? 'postgres' : engine === 'd1' ? 'd1' : 'sqlite',
    mailer: { send: async () => undefined },
    logger: createLogger('silent'),
    now: () => Date.UTC(2026, 11, 7),
  })
  const lists = await db.selectFrom('lists').selectAll().execute()
  const list = (id: string) => lists.find((one) => one.id === id)!
  async function contactOn(
    id: string,
    status: ContactRow['status'],
    on: Array<[string, 'subscribed' | 'pending']>,
  ): Promise<ContactRow> {
    await db
      .insertInto('contacts')
      .values({ ...newContactRow(`${id}@example.com`, 1), id, status })
      .execute()
    const contact = await db
      .selectFrom('contacts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
    await inTransaction(deps, (trx) =>
      recordChanges(
        trx,
        deps,
        contact,
        on.map(([listId, to]) => ({ list: list(listId), to })),
        { source: 'admin' },
      ),
    )
    return db.selectFrom('contacts').selectAll().where('id', '=', id).executeTakeFirstOrThrow()
  }
  const ledger = (contactId: string) =>
    db
      .selectFrom('consent_events')
      .select(['email', 'list_id', 'from_status', 'to_status'])
      .where('contact_id', '=', contactId)
      .orderBy('id')
      .execute()
  /** The deps of a request during which `other` ran whole, between its reads and its transaction. */
  const racing = (other: () => Promise<unknown>): Deps => ({
    ...deps,
    db: whenOtherRanFirst(db, other),
  })
  const erasing = (contact: ContactRow) =>
    racing(() => eraseContact(deps, contact, { source: 'admin' }))
  const moving = (contact: ContactRow, to: string) => racing(() => changeAddress(deps, contact, to))
  return { db, deps, contactOn, ledger, racing, erasing, moving }
}

/** What a use-case answered: `answered`, or `refused <code>`. */
function outcome(work: Promise<unknown>): Promise<string> {
  return work.then(
    () => 'answered',
    (error: { code?: string; message?: string }) => `refused ${error.code ?? error.message}`,
  )
}

/** A sign-up from the public form for `email`, asking for webinars. */
function signUp(deps: Deps, email: string) {
  return requestSubscription(deps, {
    email,
    listIds: ['webinars'],
    evidence: { source: 'form', ip: '192.0.2.9' },
  })
}

describe.each(Object.keys(engines))('writers racing on one contact, on %s', (engine) => {
  it('a pause that raced an erasure is refused and writes no address back into the ledger', async () => {
    const t = await setUp(engine)
    if (!t) return
    const contact = await t.contactOn('c-pause-erase', 'active', [['newsletter', 'subscribed']])
    // The person pauses (the page read the contact and its row); the erasure lands meanwhile.
    const paused = await outcome(
      pauseList(t.erasing(contact), contact, 'newsletter', 1, { ip: '192.0.2.9', userAgent: 'ua' }),
    )
    const events = await t.ledger(contact.id)
    expect(events.map((event) => event.to_status)).toContain('erased')
    // Erasure promised: the ledger keeps no address; a pause written after it would carry one.
    expect(events.filter((event) => event.email !== null)).toEqual([])
    expect(paused).toBe('refused gone')
  })

  it('a sign-up that raced the erasure of its address answers as any sign-up does', async () => {
    const t = await setUp(engine)
    if (!t) return
    const contact = await t.contactOn('c-signup-erase', 'active', [['newsletter', 'subscribed']])
    // Not a 404 that would tell the address was known a moment ago.
    expect(await signUp(t.erasing(contact), contact.email)).toBe('mail_sent')
  })

  it('a link of the old address does nothing once the address changed under it (confirm, erase)', async () => {
    const t = await setUp(engine)
    if (!t) return
    const pending = await t.contactOn('c-moved-confirm', 'active', [['newsletter', 'pending']])
    const claims = {
      purpose: 'confirm' as const,
      contactId: pending.id,
      lists: ['newsletter'],
      issuedAt: 1_700_000_000,
      addressVersion: Number(pending.address_version),
    }
    const confirmed = await outcome(
      confirmSubscription(t.moving(pending, 'new-owner@example.net'), pending, claims, {
        ip: '203.0.113.66',
        userAgent: 'old-mailbox',
      }),
    )
    expect(confirmed).toBe('refused link_superseded')
    const row = await t.db
      .selectFrom('subscriptions')
      .select('status')
      .where('contact_id', '=', pending.id)
      .where('list_id', '=', 'newsletter')
      .executeTakeFirstOrThrow()
    expect(row.status).toBe('pending')

    const member = await t.contactOn('c-moved-erase', 'active', [['newsletter', 'subscribed']])
    // The link is spent in the erasure's own transaction: an erasure refused leaves it unspent.
    const spend = (trx: Db) => markLinkUsed(trx, 'erase-link-id', 1)
    const erased = await outcome(
      eraseContact(
        t.moving(member, 'moved@example.net'),
        member,
        { source: 'preferences' },
        { alsoWrite: spend },
      ),
    )
    expect(erased).toBe('refused link_superseded')
    const still = await t.db
      .selectFrom('contacts')
      .select('email')
      .where('id', '=', member.id)
      .executeTakeFirst()
    expect(still?.email).toBe('moved@example.net')
    expect(await t.db.selectFrom('used_links').selectAll().execute()).toEqual([])
  })

  it('two sign-ups that both raced the erasure of their address both answer as any sign-up does', async () => {
    const t = await setUp(engine)
    if (!t) return
    const contact = await t.contactOn('c-two-signups', 'active', [['newsletter', 'subscribed']])
    // Both sign-ups read the contact, then the erasure lands, then both open their transaction.
    let waiting = 0
    let open!: () => void
    const bothRead = new Promise<void>((resolve) => {
      open = resolve
    })
    let erased = false
    const racingDb = (): Kysely<Database> => {
      let calls = 0
      return new Proxy(t.db, {
        get(target, prop) {
          if (prop === 'transaction') {
            const first = calls++ === 0
            return () => ({
              execute: async (work: never) => {
                if (first) {
                  waiting += 1
                  if (waiting === 2) {
                    if (!erased) {
                      erased = true
                      await eraseContact(t.deps, contact, { source: 'admin' })
                    }
                    open()
                  }
                  await bothRead
                }
                return target.transaction().execute(work)
              },
            })
          }
          const value = Reflect.get(target, prop, target)
          return typeof value === 'function' ? value.bind(target) : value
        },
      })
    }
    const answers = await Promise.all(
      [racingDb(), racingDb()].map((db) => signUp({ ...t.deps, db }, contact.email)),
    )
    expect(answers).toEqual(['mail_sent', 'mail_sent'])
  })

  it('a Mailchimp webhook that raced an erasure is acknowledged as for an unknown contact', async () => {
    const t = await setUp(engine)
    if (!t) return
    const contact = await t.contactOn('c-hook-erase', 'active', [['newsletter', 'subscribed']])
    const event = parseWebhook(
      {
        type: 'unsubscribe',
        fired_at: '2026-12-06 12:00:00',
        data: { email: contact.email, action: 'unsub', reason: 'manual' },
      },
      Date.UTC(2026, 11, 7),
    )
    // Not a 404, which makes Mailchimp retry and, past many failures, disable the webhook.
    expect(await handleWebhook(t.erasing(contact), event)).toMatchObject({ status: 'ignored' })
  })

  it('the hourly resume and the person resuming at once record one resumed event', async () => {
    const t = await setUp(engine)
    if (!t) return
    const contact = await t.contactOn('c-resume', 'active', [['newsletter', 'subscribed']])
    await pauseList(t.deps, contact, 'newsletter', 1, { ip: null, userAgent: null })
    const later = { ...t.deps, now: () => Date.UTC(2027, 2, 1) }
    const racing = t.racing(() =>
      resumeList(later, contact, 'newsletter', { ip: null, userAgent: null }),
    )
    expect(await resumeDuePauses({ ...racing, now: later.now })).toBe(0)
    const resumed = (await t.ledger(contact.id)).filter((event) => event.to_status === 'resumed')
    expect(resumed).toHaveLength(1)
  })

  it('a sign-up that raced an address change does not add lists to the moved contact', async () => {
    const t = await setUp(engine)
    if (!t) return
    const contact = await t.contactOn('c-signup-move', 'active', [['newsletter', 'subscribed']])
    expect(await signUp(t.moving(contact, 'moved-on@example.net'), contact.email)).toBe('mail_sent')
    const moved = await t.db
      .selectFrom('subscriptions')
      .select('list_id')
      .where('contact_id', '=', contact.id)
      .execute()
    expect(moved.map((row) => row.list_id)).toEqual(['newsletter'])
  })

  it('an admin upsert that raced an erasure answers as it would a moment later (suppressed)', async () => {
    const t = await setUp(engine)
    if (!t) return
    const contact = await t.contactOn('c-put-erase', 'active', [['newsletter', 'subscribed']])
    const racing = t.erasing(contact)
    const answer = await outcome(
      retryOnConflict(() =>
        upsertContact(racing, {
          email: contact.email,
          subscriptions: { webinars: 'unsubscribed' },
        } as never),
      ),
    )
    // Not a 404 for an address the API was just told about: the erased address is suppressed.
    expect(answer).toBe('refused suppressed')
  })

  it('a double click on the confirmation of a cleaned contact records cleaned>active once', async () => {
    const t = await setUp(engine)
    if (!t) return
    const contact = await t.contactOn('c-cleaned', 'cleaned', [['newsletter', 'pending']])
    const claims = {
      purpose: 'confirm' as const,
      contactId: contact.id,
      lists: ['newsletter'],
      issuedAt: 1_700_000_000,
    }
    const client = { ip: '192.0.2.9', userAgent: 'ua' }
    const racing = t.racing(() => confirmSubscription(t.deps, contact, claims, client))
    await confirmSubscription(racing, contact, claims, client)
    const events = await t.ledger(contact.id)
    expect(
      events.filter((event) => event.from_status === 'cleaned' && event.to_status === 'active'),
    ).toHaveLength(1)
  })

  it('two presses of "leave, and cancel my account" ask the host to cancel the account once', async () => {
    const t = await setUp(engine)
    if (!t) return
    const contact = await t.contactOn('c-cancel', 'active', [
      ['technical-advisories', 'subscribed'],
    ])
    const request = { confirmCancel: true, ip: '192.0.2.9', userAgent: 'ua' }
    const racing = t.racing(() => leaveAll(t.deps, contact, request))
    await leaveAll(racing, contact, request)
    const left = (await t.ledger(contact.id)).filter((event) => event.to_status === 'unsubscribed')
    expect(left).toHaveLength(1)
    const asks = await t.db
      .selectFrom('outbox')
      .select('payload')
      .where('topic', '=', 'host-webhook')
      .where('payload', 'like', '%account.cancellation_requested%')
      .execute()
    expect(asks).toHaveLength(1)
  })
})

describe('D1: the guard itself', () => {
  it('a writer whose guard fired because the contact was erased runs again and finds it gone', async () => {
    const t = await setUp('d1')
    const hook = d1Hooks.get(t!.db)!
    const contact = await t!.contactOn('c-d1-pause', 'active', [['newsletter', 'subscribed']])
    // The pause's batch is about to land when the erasure's batch lands first.
    hook.beforeNextBatch = async () => {
      await eraseContact(t!.deps, contact, { source: 'admin' })
    }
    const batchesBefore = hook.batches
    const paused = await outcome(
      pauseList(t!.deps, contact, 'newsletter', 1, { ip: '192.0.2.9', userAgent: 'ua' }),
    )
    // The erasure's batch, then the pause's, refused by its guard; the rerun finds the contact
    // gone (not_found) and sends nothing.
    expect(hook.batches - batchesBefore).toBe(2)
    const events = await t!.ledger(contact.id)
    expect(events.filter((event) => event.email !== null)).toEqual([])
    expect(paused).toBe('refused gone')
  })

  it('creating a contact through the admin API reads nothing after its own queued insert', async () => {
    const t = await setUp('d1')
    const hook = d1Hooks.get(t!.db)!
    hook.readsAfterWrites.length = 0
    await upsertContact(t!.deps, {
      email: 'grace@example.com',
      subscriptions: { 'call-reports': 'subscribed' },
    } as never)
    // insertContact marks the contact created: lockContact reads nothing for it.
    expect(hook.readsAfterWrites).toEqual([])
  })
})
