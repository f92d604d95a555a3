import type { Kysely } from 'kysely'
import type { Database } from '../src/db/schema.js'
import { confirmUrl, preferencesUrl, unsubscribeUrl } from '../src/domain/links/links.js'
import { TokenSigner } from '../src/tokens/tokens.js'
import type { Config } from '../src/config.js'

/** Contacts of one bench group: each request of a changing case takes the next one. */
export interface SeededContact {
  id: string
  email: string
  /** The path (with token) the group's case requests. */
  path: string
}

export interface Seeded {
  /** Subscribed to newsletter: preferences page and admin reads. */
  readers: SeededContact[]
  /** Subscribed to newsletter and webinars: each saves preferences leaving webinars. */
  savers: SeededContact[]
  /** Subscribed to newsletter: each one-click unsubscribes from it. */
  clickers: SeededContact[]
  /** Pending on newsletter: each confirms. */
  confirmers: SeededContact[]
  /** Subscribed to newsletter: each is unsubscribed by a Mailchimp webhook. */
  hooked: SeededContact[]
}

type Group = keyof Seeded
const groups: Record<Group, { lists: string[]; status: 'subscribed' | 'pending' }> = {
  readers: { lists: ['newsletter'], status: 'subscribed' },
  savers: { lists: ['newsletter', 'webinars'], status: 'subscribed' },
  clickers: { lists: ['newsletter'], status: 'subscribed' },
  confirmers: { lists: ['newsletter'], status: 'pending' },
  hooked: { lists: ['newsletter'], status: 'subscribed' },
}

/**
 * Writes `perGroup` contacts for each bench group straight into the database (500 rows per
 * INSERT), and signs each one's link the way the service does.
 *
 * @example const seeded = await seed(db, loadConfig(env), 12_000, 'run1-')
 */
export async function seed(
  db: Kysely<Database>,
  config: Config,
  perGroup: number,
  prefix = '',
): Promise<Seeded> {
  const deps = { tokens: new TokenSigner(config.signingKeys!), config, now: () => Date.now() }
  const now = Date.now()
  const seeded = {} as Seeded
  for (const [group, shape] of Object.entries(groups) as [Group, (typeof groups)[Group]][]) {
    const contacts: SeededContact[] = []
    for (let start = 0; start < perGroup; start += 500) {
      const ids = Array.from(
        { length: Math.min(500, perGroup - start) },
        (_, k) => `${prefix}${group}-${start + k}`,
      )
      await db
        .insertInto('contacts')
        .values(
          ids.map((id) => ({
            id,
            email: `${id}@bench.example.com`,
            name: null,
            locale: 'en',
            status: 'active',
            restricted: 0,
            complained: 0,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute()
      await db
        .insertInto('subscriptions')
        .values(
          ids.flatMap((id) =>
            shape.lists.map((list) => ({
              contact_id: id,
              list_id: list,
              status: shape.status,
              created_at: now,
              updated_at: now,
            })),
          ),
        )
        .execute()
      for (const id of ids) {
        const subject = { id, address_version: 0 }
        const url =
          group === 'clickers'
            ? await unsubscribeUrl(deps, subject, 'newsletter')
            : group === 'confirmers'
              ? await confirmUrl(deps, subject, ['newsletter'])
              : await preferencesUrl(deps, subject)
        contacts.push({ id, email: `${id}@bench.example.com`, path: new URL(url).pathname })
      }
    }
    seeded[group] = contacts
  }
  return seeded
}
