import { describe, expect, it } from 'vitest'
import type { ListRow, SubscriptionStatus } from '../../src/db/schema.js'
import { CONSENT_VERSION, consentWording } from '../../src/domain/subscription/consent-text.js'
import { planLeave } from '../../src/domain/leaving/leave-lists.js'
import { locales } from '../../src/i18n/locale.js'

function list(id: string, cancels = false): ListRow {
  return {
    id,
    name: id,
    description: '',
    legal_basis: cancels ? 'contract' : 'consent',
    public: 1,
    double_opt_in: 1,
    cancels_account: cancels ? 1 : 0,
    synced: 1,
    archived: 0,
    position: 0,
    created_at: 0,
    updated_at: 0,
  }
}

const newsletter = list('newsletter')
const webinars = list('webinars')
const advisories = list('technical-advisories', true)
const statuses = new Map<string, SubscriptionStatus>([
  ['newsletter', 'subscribed'],
  ['webinars', 'unsubscribed'],
  ['technical-advisories', 'subscribed'],
])

describe('planLeave: the one rule for leaving lists', () => {
  it('leaves only lists the person is on', () => {
    expect(planLeave([newsletter, webinars], statuses, false)).toEqual({
      leave: [newsletter],
      kept: [],
    })
    expect(planLeave([list('call-reports')], statuses, false)).toEqual({ leave: [], kept: [] })
  })

  it('keeps an account-cancelling list unless the person explicitly confirmed', () => {
    expect(planLeave([newsletter, advisories], statuses, false)).toEqual({
      leave: [newsletter],
      kept: [advisories],
    })
    expect(planLeave([newsletter, advisories], statuses, true)).toEqual({
      leave: [newsletter, advisories],
      kept: [],
    })
  })

  it('treats pending like subscribed (a pending list is left too)', () => {
    expect(planLeave([webinars], new Map([['webinars', 'pending' as const]]), false)).toEqual({
      leave: [webinars],
      kept: [],
    })
  })
})

describe('consent wording', () => {
  it('exists in every language, names Mailchimp, and carries one version', () => {
    for (const locale of locales) {
      const wording = consentWording(locale)
      expect(wording.version).toBe(CONSENT_VERSION)
      expect(wording.text.length).toBeGreaterThan(40)
      expect(wording.processors).toContain('Mailchimp')
    }
    expect(new Set(locales.map((locale) => consentWording(locale).text)).size).toBe(locales.length)
  })
})
