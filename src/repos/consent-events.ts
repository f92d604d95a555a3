import type { Db, NewConsentEvent } from '../db/schema.js'

export async function appendEvent(db: Db, event: NewConsentEvent): Promise<void> {
  await db.insertInto('consent_events').values(event).execute()
}
