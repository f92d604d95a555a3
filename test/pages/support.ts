import type { TokenPurpose } from '../../src/tokens/tokens.js'
import type { TestApp } from '../support/test-app.js'

import { contactId } from '../public/helpers.js'

export { contactId }

/** A signed link path for `email`, as the mails carry it. */
export async function linkFor(
  t: TestApp,
  email: string,
  purpose: TokenPurpose,
  lists: string[] = [],
): Promise<string> {
  const kind = purpose === 'unsubscribe_all' ? 'unsubscribe' : purpose
  const token = await t.deps.tokens.sign({
    purpose,
    contactId: await contactId(t, email),
    lists,
    issuedAt: Math.floor(t.clock.now / 1000),
  })
  return `/${kind}/${token}`
}

/** Puts `email` on the account-cancelling list, as the host application does by contract. */
export async function addAdvisories(t: TestApp, email: string, status = 'subscribed') {
  await t.deps.db
    .insertInto('subscriptions')
    .values({
      contact_id: await contactId(t, email),
      list_id: 'technical-advisories',
      status: status as 'subscribed',
      created_at: t.clock.now,
      updated_at: t.clock.now,
    })
    .execute()
}

/** The visible text of a page: tags dropped, entities of quotes decoded, spaces collapsed. */
export function textOf(html: string): string {
  return html
    .replace(/<(script|style|title)[^>]*>[\s\S]*?<\/\1>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
}

/** The `<input ...>` tag for the checkbox of `list`, or undefined when the page has none. */
export function listBox(html: string, list: string): string | undefined {
  return [...html.matchAll(/<input [^>]*>/g)]
    .map((match) => match[0])
    .find((tag) => tag.includes('name="lists"') && tag.includes(`value="${list}"`))
}
