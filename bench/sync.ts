/**
 * Mailchimp sync measurements against the fake Mailchimp (real SDK, real HTTP, real SQLite):
 * 1. how long an unsubscribe takes to reach Mailchimp when Mailchimp answers in 50 ms
 *    (median and worst of 1,000, through the real job runner woken by notifyOutbox);
 * 2. how many API calls 10,000 queued changes take.
 *
 * Run: npx tsx bench/sync.ts
 */
import type { ContactRow } from '../src/db/schema.js'
import { inTransaction, recordChanges } from '../src/domain/subscription/record-changes.js'
import { drainMailchimp } from '../src/mailchimp/sync-drain.js'
import { findList } from '../src/repos/lists.js'
import { startFakeMailchimp } from '../test/support/fake-mailchimp.js'
import { makeContact } from '../test/mailchimp/helpers.js'
import { createTestApp, type TestApp } from '../test/support/test-app.js'

async function subscribeAll(t: TestApp, contacts: ContactRow[], lists: string[]) {
  const rows = await Promise.all(lists.map((id) => findList(t.deps.db, id)))
  await inTransaction(t.deps, async (trx) => {
    for (const contact of contacts) {
      for (const list of rows)
        await recordChanges(trx, t.deps, contact, [{ list: list!, to: 'subscribed' }], {
          source: 'confirm',
        })
    }
  })
}

async function latency(count: number) {
  const mc = await startFakeMailchimp()
  // The real job runner, woken by notifyOutbox after each commit, as on the Node server.
  const t = await createTestApp(mc.env(), { now: () => Date.now(), runJobs: true })
  const contacts = []
  for (let i = 0; i < count; i++) contacts.push(await makeContact(t, `lat${i}@example.com`))
  await subscribeAll(t, contacts, ['newsletter'])
  await drainMailchimp(t.deps) // provisions and sends the initial state (batched)
  mc.latencyMs = 50
  const newsletter = (await findList(t.deps.db, 'newsletter'))!
  const times: number[] = []
  const commits: number[] = []
  const toArrival: number[] = []
  for (const contact of contacts) {
    let arrivedAt = 0
    const arrived = new Promise<void>((resolve) => {
      mc.onAnswer = (entry) => {
        if (
          entry.method === 'PUT' &&
          entry.status === 200 &&
          entry.body?.email_address === contact.email &&
          entry.body.status === 'unsubscribed'
        ) {
          arrivedAt = entry.at
          resolve()
        }
      }
    })
    const start = performance.now()
    await inTransaction(t.deps, (trx) =>
      recordChanges(trx, t.deps, contact, [{ list: newsletter, to: 'unsubscribed' }], {
        source: 'one_click',
      }),
    )
    const committed = performance.now()
    await arrived
    times.push(performance.now() - start)
    commits.push(committed - start)
    toArrival.push(arrivedAt - committed)
  }
  const median = (values: number[]) =>
    [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!
  console.log(
    `  breakdown (medians): commit ${median(commits).toFixed(1)} ms, commit -> request at Mailchimp ${median(toArrival).toFixed(1)} ms, then Mailchimp's 50 ms`,
  )
  await t.close()
  await mc.close()
  times.sort((a, b) => a - b)
  return {
    median: times[Math.floor(times.length / 2)]!,
    p99: times[Math.floor(times.length * 0.99)]!,
    worst: times[times.length - 1]!,
  }
}

async function volume(changes: number, contactsCount: number) {
  const mc = await startFakeMailchimp()
  mc.latencyMs = 50
  const t = await createTestApp(mc.env(), { now: () => Date.now() })
  const contacts = []
  for (let i = 0; i < contactsCount; i++) contacts.push(await makeContact(t, `vol${i}@example.com`))
  const lists = ['newsletter', 'webinars', 'call-reports', 'technical-advisories']
  const perContact = changes / contactsCount
  await subscribeAll(t, contacts, lists.slice(0, perContact))
  const queued = await t.deps.db
    .selectFrom('outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const start = performance.now()
  const summary = await drainMailchimp(t.deps)
  const elapsed = performance.now() - start
  const provisioning = mc.log.filter(
    (r) => r.path.includes('/interest-categories') || r.path.includes('/merge-fields'),
  ).length
  const result = {
    queuedChanges: Number(queued.n),
    contacts: contactsCount,
    apiCalls: mc.log.length,
    provisioningCalls: provisioning,
    memberCalls: mc.log.length - provisioning,
    batchCalls: mc.log.filter(
      (r) => r.method === 'POST' && r.path.endsWith(`/lists/${mc.audienceId}`),
    ).length,
    maxInFlight: mc.maxInFlight,
    rejected429: mc.rejectedForConcurrency,
    membersInMailchimp: mc.audience.members.size,
    drainSeconds: +(elapsed / 1000).toFixed(2),
    summary,
  }
  await t.close()
  await mc.close()
  return result
}

const count = Number(process.env.BENCH_UNSUBSCRIBES ?? 1000)
const lat = await latency(count)
console.log(
  `unsubscribe -> fake Mailchimp (answers in 50 ms), ${count} sequential: median ${lat.median.toFixed(1)} ms, p99 ${lat.p99.toFixed(1)} ms, worst ${lat.worst.toFixed(1)} ms`,
)
console.log('10,000 queued changes, one per contact:', JSON.stringify(await volume(10_000, 10_000)))
console.log(
  '10,000 queued changes, four per contact (2,500 contacts):',
  JSON.stringify(await volume(10_000, 2_500)),
)
