import type { Deps } from '../../deps.js'
import { forgetHit, hit } from '../../repos/rate-limits.js'
import { ipLimitKey } from './ip-prefix.js'
import { mailboxKey } from './mailbox-key.js'
import { keyedHash } from './rate-limit-key.js'

const HOUR = 3_600_000
const DAY = 24 * HOUR

type ThrottleDeps = Pick<Deps, 'db' | 'config' | 'now'>

/**
 * Counts a request from `ip` for `action` and says whether it is still within the hourly
 * limit. IPv6 counts per /64. No IP (a test, an odd runtime): always allowed.
 *
 * @example if (!(await ipAllowed(deps, 'signup', ip))) return
 */
export async function ipAllowed(
  deps: ThrottleDeps,
  action: string,
  ip: string | null | undefined,
): Promise<boolean> {
  if (!ip) return true
  const bucket = await keyedHash(deps, `${action}-ip`, ipLimitKey(ip))
  return (await hit(deps.db, bucket, HOUR, deps.now())) <= deps.config.signupLimitPerIp
}

/**
 * Counts one mail about to go to `email` for `action` and says whether it may go: at most
 * SIGNUP_LIMIT_PER_ADDRESS per 24 hours per mailbox (see `mailboxKey`: `+tag` variants and
 * Gmail dots count as one), so nobody can use our forms to flood an inbox. `refund` gives the
 * mail back when it could not be sent (the SMTP server was down): an outage must not use up the
 * person's day (an operator review).
 *
 * @example const counted = await countMailTo(deps, 'manage-mail', email); if (!counted.allowed) return
 */
export async function countMailTo(
  deps: ThrottleDeps,
  action: string,
  email: string,
): Promise<{ allowed: boolean; refund: () => Promise<void> }> {
  const bucket = await keyedHash(deps, `${action}-address`, mailboxKey(email))
  const at = deps.now()
  const allowed = (await hit(deps.db, bucket, DAY, at)) <= deps.config.signupLimitPerAddress
  return { allowed, refund: () => forgetHit(deps.db, bucket, DAY, at) }
}
