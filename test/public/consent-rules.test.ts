import { describe, expect, it } from 'vitest'
import { CONSENT_VERSION, consentWording } from '../../src/domain/subscription/consent-text.js'
import { locales } from '../../src/i18n/locale.js'

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
