const DOTLESS_DOMAINS = new Set(['gmail.com', 'googlemail.com'])

/**
 * The mailbox an address delivers to, for the per-address mail limit: lower-cased, `+tag`
 * removed, and for Gmail dots ignored and googlemail.com folded into gmail.com. So
 * `Victim+1@`, `victim+2@` and `v.i.c.t.i.m@gmail.com` share one limit. Deliberately no
 * per-domain cap: thousands of real people share gmail.com or a company's domain.
 *
 * @example mailboxKey('V.ictim+promo@GoogleMail.com') // 'victim@gmail.com'
 */
export function mailboxKey(email: string): string {
  const lower = email.trim().toLowerCase()
  const at = lower.lastIndexOf('@')
  if (at <= 0) return lower
  let local = lower.slice(0, at)
  let domain = lower.slice(at + 1)
  const plus = local.indexOf('+')
  if (plus > 0) local = local.slice(0, plus)
  if (DOTLESS_DOMAINS.has(domain)) {
    local = local.replaceAll('.', '')
    domain = 'gmail.com'
  }
  return `${local}@${domain}`
}
