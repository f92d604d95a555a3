import { afterEach, describe, expect, it } from 'vitest'
import { formatDuration } from '../../src/i18n/duration.js'
import { postForm } from '../public/helpers.js'
import { createTestApp, type TestApp } from '../support/test-app.js'
import { textOf } from './support.js'

let t: TestApp
afterEach(() => t?.close())

describe('issue 13 item 10: durations in words with correct plurals', () => {
  it('a 5-second confirm TTL is announced as 5 seconds, on the page and in the mail', async () => {
    t = await createTestApp({ CONFIRM_TTL: '5s' })
    const res = await postForm(t, '/subscribe', [
      ['email', 'ada@example.com'],
      ['lists', 'newsletter'],
    ])
    expect(textOf(await res.text())).toContain('The link works for 5 seconds.')
    expect(t.mailer.sent[0]!.text).toContain('The link works for 5 seconds.')
    expect(t.mailer.sent[0]!.text).not.toContain('1 days')
  })

  it('Polish and Finnish pick the right form', () => {
    const day = 86_400_000
    expect(formatDuration('en', day)).toBe('1 day')
    expect(formatDuration('en', 7 * day)).toBe('7 days')
    expect(formatDuration('pl', day)).toBe('1 dzień')
    expect(formatDuration('pl', 2 * day)).toBe('2 dni')
    expect(formatDuration('pl', 5 * 60_000)).toBe('5 minut')
    expect(formatDuration('pl', 2 * 3_600_000)).toBe('2 godziny')
    expect(formatDuration('pl', 22 * 3_600_000)).toBe('22 godziny')
    expect(formatDuration('pl', 25 * 1000)).toBe('25 sekund')
    expect(formatDuration('pl', 1000)).toBe('1 sekundę')
    expect(formatDuration('fi', day)).toBe('1 päivän')
    expect(formatDuration('fi', 7 * day)).toBe('7 päivää')
    expect(formatDuration('fi', 3_600_000)).toBe('1 tunnin')
    expect(formatDuration('fi', 5000)).toBe('5 sekuntia')
  })

  it('a Polish sign-up with a 2-day TTL says "2 dni", a Finnish one "2 päivää"', async () => {
    t = await createTestApp({ CONFIRM_TTL: '2d' })
    const pl = await postForm(t, '/subscribe', [
      ['email', 'ada@example.com'],
      ['lists', 'newsletter'],
      ['locale', 'pl'],
    ])
    expect(textOf(await pl.text())).toContain('Link jest ważny przez 2 dni.')
    const fi = await postForm(t, '/subscribe', [
      ['email', 'bea@example.com'],
      ['lists', 'newsletter'],
      ['locale', 'fi'],
    ])
    expect(textOf(await fi.text())).toContain('Linkki on voimassa 2 päivää.')
  })
})
