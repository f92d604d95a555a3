import type { ListRow } from '../db/schema.js'
import type { Deps } from '../deps.js'
import { findLists } from '../repos/lists.js'
import { type InterestCategory, MailchimpError, type MailchimpGateway } from './gateway.js'
import { deleteSettings, readSetting, readSettings, writeSetting } from '../repos/settings.js'

export const CATEGORY_TITLE = 'Prefcenter lists'
export const PREFS_MERGE_TAG = 'PREFSURL'
/** Mailchimp audiences hold at most 60 interests (groups), across all their categories. */
export const MAX_INTERESTS = 60

/** The Mailchimp ids Prefcenter writes with: one interest per synced list. */
export interface Provisioning {
  /** Every synced list: a member is subscribed while any of these is. */
  listIds: string[]
  /** Empty when provisioning could not be completed (interests are then left out). */
  categoryId: string
  /** Whether the PREFSURL merge field is known to exist. */
  prefsUrlField: boolean
  /** By list id: the interest id and the name it was created with. */
  interests: Map<string, { id: string; name: string }>
}

const prefix = (audienceId: string) => `mailchimp:${audienceId}:`

/** The synced lists (archived ones keep their interest but get no new one). */
export async function syncedLists(deps: Pick<Deps, 'db'>): Promise<ListRow[]> {
  return (await findLists(deps.db, { includeArchived: true })).filter((list) => list.synced === 1)
}

/**
 * Makes sure the audience has the interest category, one interest per synced list and the
 * PREFSURL merge field, creating what is missing (found by title, name and tag first, so a
 * second run or a second instance creates nothing). The ids are kept in `settings` by list id,
 * so a renamed list keeps its interest (whose label is renamed to match). Once everything is
 * recorded this makes no API call.
 *
 * @example const ids = await ensureProvisioned(deps, gateway, audienceId)
 */
export async function ensureProvisioned(
  deps: Pick<Deps, 'db' | 'now' | 'logger'>,
  gateway: MailchimpGateway,
  audienceId: string,
): Promise<Provisioning> {
  const p = prefix(audienceId)
  const stored = await readSettings(deps.db, p)
  const lists = await syncedLists(deps)
  const interests = new Map<string, { id: string; name: string }>()
  for (const list of lists) {
    const value = stored.get(`${p}interest:${list.id}`)
    if (value) interests.set(list.id, JSON.parse(value) as { id: string; name: string })
  }
  const missing = lists.filter((list) => list.archived === 0 && !interests.has(list.id))
  const renamed = lists.filter(
    (list) =>
      list.archived === 0 && interests.has(list.id) && interests.get(list.id)!.name !== list.name,
  )
  const listIds = lists.map((list) => list.id)
  let categoryId = stored.get(`${p}category`) ?? ''
  let prefsUrlField = stored.has(`${p}merge:${PREFS_MERGE_TAG}`)
  // At Mailchimp's limit the missing lists cannot get an interest: do not ask on every pass.
  const canAdd = missing.length > 0 && interests.size < MAX_INTERESTS
  if (categoryId && !canAdd && renamed.length === 0 && prefsUrlField)
    return { listIds, categoryId, interests, prefsUrlField }

  if (categoryId && renamed.length > 0) {
    // The interest keeps its id (members keep their choice); only its label follows the list.
    await refusable(gateway, `${audienceId}:rename`, deps.now(), async () => {
      for (const list of renamed) {
        const interest = interests.get(list.id)!
        await gateway.renameInterest(audienceId, categoryId, interest.id, list.name)
        interests.set(list.id, { id: interest.id, name: list.name })
        await writeSetting(
          deps.db,
          `${p}interest:${list.id}`,
          JSON.stringify({ id: interest.id, name: list.name }),
          deps.now(),
        )
      }
    })
  }

  if (!categoryId || canAdd) {
    await refusable(gateway, `${audienceId}:interests`, deps.now(), async () => {
      let categories: InterestCategory[] | undefined
      if (!categoryId) {
        categories = await gateway.listInterestCategories(audienceId)
        categoryId = categories.find((category) => category.title === CATEGORY_TITLE)?.id ?? ''
        categoryId ||= (await gateway.createInterestCategory(audienceId, CATEGORY_TITLE)).id
        await writeSetting(deps.db, `${p}category`, categoryId, deps.now())
      }
      if (missing.length === 0) return
      const remote = await gateway.listInterests(audienceId, categoryId)
      // The limit is the audience's: other categories' groups count too.
      categories ??= await gateway.listInterestCategories(audienceId)
      let count = remote.length
      for (const category of categories)
        if (category.id !== categoryId)
          count += (await gateway.listInterests(audienceId, category.id)).length
      let full = false
      for (const list of missing) {
        const found = remote.find((candidate) => candidate.name === list.name)
        if (!found && count >= MAX_INTERESTS) {
          // Mailchimp would refuse it: the list goes without an interest, and the sync status
          // says so (a warning); the member's status still follows Prefcenter.
          deps.logger.warn('mailchimp interest limit reached; list synced without an interest', {
            listId: list.id,
            limit: MAX_INTERESTS,
          })
          full = true
          continue
        }
        if (!found) count++
        const interest = found ?? (await gateway.createInterest(audienceId, categoryId, list.name))
        interests.set(list.id, { id: interest.id, name: interest.name })
        await writeSetting(
          deps.db,
          `${p}interest:${list.id}`,
          JSON.stringify({ id: interest.id, name: interest.name }),
          deps.now(),
        )
      }
      // Not asked again on every pass: in ten minutes, when groups may have been freed.
      if (full) pauseStep(gateway, `${audienceId}:interests`, deps.now())
    })
  }
  if (!prefsUrlField) {
    await refusable(gateway, `${audienceId}:merge`, deps.now(), async () => {
      const fields = await gateway.listMergeFields(audienceId)
      const field =
        fields.find((candidate) => candidate.tag === PREFS_MERGE_TAG) ??
        (await gateway.createMergeField(audienceId, PREFS_MERGE_TAG, 'Preferences link', 'url'))
      await writeSetting(
        deps.db,
        `${p}merge:${PREFS_MERGE_TAG}`,
        String(field.merge_id),
        deps.now(),
      )
      prefsUrlField = true
    })
  }
  return { listIds, categoryId, interests, prefsUrlField }
}

/** Steps Mailchimp refused for good, per gateway: not asked again for a while. */
const refusedUntil = new WeakMap<MailchimpGateway, Map<string, number>>()
const REFUSAL_PAUSE_MS = 10 * 60_000

/**
 * Runs one provisioning step. A permanent refusal (an API without interest categories, a
 * merge field that cannot be created) leaves that part out instead of blocking the sync, and
 * the step is not asked again for ten minutes; transient failures propagate (rows retry).
 */
async function refusable(
  gateway: MailchimpGateway,
  step: string,
  nowMs: number,
  work: () => Promise<void>,
): Promise<void> {
  const paused = refusedUntil.get(gateway)
  if ((paused?.get(step) ?? 0) > nowMs) return
  try {
    await work()
  } catch (error) {
    if (!(error instanceof MailchimpError) || error.retryable) throw error
    pauseStep(gateway, step, nowMs)
  }
}

function pauseStep(gateway: MailchimpGateway, step: string, nowMs: number): void {
  const paused = refusedUntil.get(gateway) ?? new Map<string, number>()
  paused.set(step, nowMs + REFUSAL_PAUSE_MS)
  refusedUntil.set(gateway, paused)
}

/**
 * What can be sent when Mailchimp refuses provisioning for good (e.g. an API that does not
 * offer interest categories): the status and whatever interests were recorded before.
 */
export async function degradedProvisioning(
  deps: Pick<Deps, 'db'>,
  audienceId: string,
): Promise<Provisioning> {
  const lists = await syncedLists(deps)
  const prefsUrlField =
    (await readSetting(deps.db, `${prefix(audienceId)}merge:${PREFS_MERGE_TAG}`)) !== undefined
  return {
    listIds: lists.map((list) => list.id),
    categoryId: '',
    interests: await storedInterests(deps, audienceId),
    prefsUrlField,
  }
}

/** Forgets the recorded ids, so the next pass looks them up again (an interest was deleted). */
export async function forgetProvisioning(
  deps: Pick<Deps, 'db'>,
  audienceId: string,
): Promise<void> {
  await deleteSettings(deps.db, prefix(audienceId))
}

/** The interest category id recorded at provisioning, without calling Mailchimp. */
export async function storedCategoryId(
  deps: Pick<Deps, 'db'>,
  audienceId: string | undefined,
): Promise<string | undefined> {
  if (!audienceId) return undefined
  return (await readSetting(deps.db, `${prefix(audienceId)}category`)) || undefined
}

/** The stored interests without calling Mailchimp (webhooks map interest names back to lists). */
export async function storedInterests(
  deps: Pick<Deps, 'db'>,
  audienceId: string | undefined,
): Promise<Map<string, { id: string; name: string }>> {
  const result = new Map<string, { id: string; name: string }>()
  if (!audienceId) return result
  const p = `${prefix(audienceId)}interest:`
  for (const [key, value] of await readSettings(deps.db, p))
    result.set(key.slice(p.length), JSON.parse(value))
  return result
}
