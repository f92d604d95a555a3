import type { ListRow } from '../db/schema.js'
import type { Locale } from './locale.js'
import { hasMessage, t } from './messages.js'

/**
 * A list's name and description in `locale`: the catalogue knows the seeded lists by id; lists
 * added later show what the database holds.
 *
 * @example listText('pl', newsletter).name // 'Newsletter'
 */
export function listText(
  locale: Locale,
  list: Pick<ListRow, 'id' | 'name' | 'description'>,
): { name: string; description: string } {
  const nameKey = `list.${list.id}.name`
  const descriptionKey = `list.${list.id}.description`
  return {
    name: hasMessage(nameKey) ? t(locale, nameKey) : list.name,
    description: hasMessage(descriptionKey) ? t(locale, descriptionKey) : list.description,
  }
}
