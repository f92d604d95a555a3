import type { ConsoleSession } from '../../domain/admin/console-session.js'
import type { AppEnv } from '../../http/env.js'

/** What console handlers find on `c.var`: the app's variables and the signed-in session. */
export interface ConsoleEnv {
  Variables: AppEnv['Variables'] & { session: ConsoleSession }
}
