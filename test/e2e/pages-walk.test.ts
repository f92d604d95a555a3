import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { formatDuration } from '../../src/i18n/duration.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { ROOT, startStack, type Stack } from './support.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const available = existsSync(CHROMIUM)
/** Screenshots of every page walked, for people to look at (git-ignored). */
export const SCREENSHOTS = join(ROOT, 'test-artifacts/screenshots')
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
const ADMIN = 'admin-token-for-the-browser-walk-0123'
const ORG = { ORGANIZATION_NAME: 'IXO Oy', ORGANIZATION_ADDRESS: 'Mannerheimintie 1, Helsinki' }
const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } }
const LOCALES: Locale[] = ['en', 'pl', 'fi']

if (!available && !process.env.CI) {
  console.warn(`page walk skipped: no Chromium at ${CHROMIUM} (or set CHROMIUM_PATH)`)
}

interface AxeViolation {
  id: string
  impact: string | null
  help: string
  nodes: { target: string[] }[]
}

/**
 * Checks what every page must be, wherever the walk is: the language asked for, one h1 with the
 * expected title, the organisation in the footer, nothing wider than the screen, and no serious
 * or critical axe violation. Leaves a screenshot named after the step.
 */
async function check(page: Page, locale: Locale, shot: string, title: string): Promise<void> {
  expect(await page.getAttribute('html', 'lang'), shot).toBe(locale)
  expect((await page.locator('h1').textContent())?.trim(), shot).toBe(title)
  expect(await page.locator('footer').textContent(), shot).toContain(ORG.ORGANIZATION_NAME)
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
  )
  expect(overflow, `${shot}: wider than the screen`).toBeLessThanOrEqual(0)
  await page.evaluate(AXE)
  const violations = (
    await page.evaluate(() =>
      (
        globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }
      ).axe.run(),
    )
  ).violations.filter((violation) => ['serious', 'critical'].includes(violation.impact ?? ''))
  expect(
    violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
    ),
    shot,
  ).toEqual([])
  await page.screenshot({ path: join(SCREENSHOTS, `${shot}.png`), fullPage: true })
}

// On CI a missing browser is a failure, not a skip: the suite must not go quietly green.
describe.skipIf(!available && !process.env.CI)(
  'every page and state, in three languages and two viewports (Chromium, axe-core)',
  () => {
    let stack: Stack
    let browser: Browser
    beforeAll(async () => {
      if (!available) throw new Error(`CI is set but there is no Chromium at ${CHROMIUM}`)
      mkdirSync(SCREENSHOTS, { recursive: true })
      stack = await startStack({ ADMIN_TOKEN: ADMIN, ...ORG })
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run'],
      })
    }, 120_000)
    afterAll(async () => {
      await browser?.close()
      await stack?.stop()
    })

    async function admin(method: string, path: string, body?: unknown) {
      const res = await fetch(`${stack.base}/api/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      })
      expect(res.status, `${method} ${path}`).toBeLessThan(300)
      return res.json() as Promise<Record<string, unknown>>
    }

    for (const locale of LOCALES) {
      for (const [size, viewport] of Object.entries(VIEWPORTS)) {
        it(`${locale} at ${viewport.width}x${viewport.height}`, async () => {
          // The pages carry no script (the CSP forbids it); JavaScript is on only so that axe,
          // injected through the DevTools protocol, can run its timers.
          const context = await browser.newContext({ viewport })
          const page = await context.newPage()
          const email = `walk-${locale}-${size}@example.com`
          const shot = (name: string) => `${locale}-${size}-${name}`
          const m = (key: Parameters<typeof t>[1], params?: Record<string, string>) =>
            t(locale, key, params)
          const listName = (id: string) => t(locale, `list.${id}.name` as Parameters<typeof t>[1])

          // Sign-up: the choice of language sticks from here on, mail links included.
          await page.goto(`${stack.base}/?lang=${locale}`)
          await check(page, locale, shot('signup'), m('signup.title'))
          await page.fill('#email', email)
          await page.getByRole('button', { name: m('signup.submit') }).click()
          await check(page, locale, shot('signup-refused'), m('signup.title'))
          expect(await page.locator('#lists-error').textContent()).toBe(m('error.msg.no_lists'))
          expect(await page.inputValue('#email')).toBe(email)
          await page.check('#list-newsletter')
          await page.getByRole('button', { name: m('signup.submit') }).click()
          await check(page, locale, shot('pending'), m('pending.title'))
          expect(await page.locator('main').textContent()).toContain(
            formatDuration(locale, 7 * 86_400_000),
          )

          // Confirm, then the used link shows the state.
          const mail = await stack.mailTo(email)
          const confirm = `${stack.base}${stack.pathOf(mail.text, 'confirm')}`
          await page.goto(confirm)
          await check(page, locale, shot('confirm'), m('confirm.title'))
          await page.getByRole('button', { name: m('confirm.button') }).click()
          await check(page, locale, shot('confirmed'), m('confirmed.title'))
          await page.goto(confirm)
          await check(page, locale, shot('confirm-used'), m('confirm.alreadyTitle'))
          expect(await page.locator('main button').count()).toBe(0)

          // Preferences: the address, no standing warning; the warning only after unticking.
          await admin('PUT', `/contacts/${encodeURIComponent(email)}`, {
            subscriptions: { 'technical-advisories': 'subscribed' },
          })
          const links = await admin('POST', `/contacts/${encodeURIComponent(email)}/links`)
          const preferences = String(links.preferences_url)
          await page.goto(preferences)
          await check(page, locale, shot('preferences'), m('prefs.title'))
          expect(await page.locator('main').textContent()).toContain(email)
          expect(await page.locator('[name="confirm_cancel"]').count()).toBe(0)
          expect(await page.locator('#list-call-reports').count()).toBe(0)
          await page.uncheck('#list-technical-advisories')
          await page.getByRole('button', { name: m('prefs.save') }).click()
          await check(page, locale, shot('preferences-confirm-cancel'), m('prefs.title'))
          expect(await page.locator('[name="confirm_cancel"]').count()).toBe(1)
          await page.check('#list-technical-advisories')
          await page.check('#list-webinars')
          await page.getByRole('button', { name: m('prefs.save') }).click()
          await check(page, locale, shot('preferences-saved'), m('prefs.title'))
          expect(await page.getByRole('status').first().textContent()).toContain(
            m('prefs.changes.joined', { lists: listName('webinars') }),
          )

          // One list: leave, then the spent link says when.
          const urls = links.unsubscribe_urls as Record<string, string>
          await page.goto(urls.newsletter!)
          await check(page, locale, shot('unsubscribe'), m('unsubscribe.title'))
          await page.getByRole('button', { name: m('unsubscribe.button') }).click()
          await check(page, locale, shot('unsubscribed'), m('unsubscribed.title'))
          await page.goto(urls.newsletter!)
          await check(page, locale, shot('unsubscribe-spent'), m('unsubscribed.title'))
          // No button to leave again; within the half hour, undo is still offered.
          expect(
            await page.getByRole('button', { name: m('unsubscribe.button'), exact: true }).count(),
          ).toBe(0)
          expect(await page.getByRole('button', { name: m('undo.button') }).count()).toBe(1)
          // The question sent with nothing chosen: the same page, the problem on the question.
          await page.getByRole('button', { name: m('reason.submit') }).click()
          await check(page, locale, shot('reason-missing'), m('unsubscribed.title'))
          expect(await page.title()).toMatch(/^.+: /)
          expect(await page.locator('fieldset[aria-invalid="true"]').count()).toBe(1)
          // Undo, then the same again (a refresh): both say the person is back.
          await page.getByRole('button', { name: m('undo.button') }).click()
          await check(page, locale, shot('undo-done'), m('undo.done.title'))
          await page.reload()
          await check(page, locale, shot('undo-again'), m('undo.done.title'))

          // All lists through /manage: what stopped, what continues and why.
          await page.goto(`${stack.base}/manage`)
          await check(page, locale, shot('manage'), m('manage.title'))
          await page.fill('#email', email)
          await page.getByRole('button', { name: m('manage.submit') }).click()
          await check(page, locale, shot('manage-sent'), m('manage.sent.title'))
          const manageMail = await stack.mailTo(email, 1)
          expect(manageMail.text).toContain(ORG.ORGANIZATION_ADDRESS)
          await page.goto(`${stack.base}${stack.pathOf(manageMail.text, 'unsubscribe')}`)
          await check(page, locale, shot('unsubscribe-all'), m('unsubscribe.title'))
          await page.getByRole('button', { name: m('unsubscribe.button') }).click()
          await check(page, locale, shot('unsubscribed-all'), m('unsubscribed.title'))
          const main = await page.locator('main').textContent()
          expect(main).toContain(m('unsubscribed.stopped'))
          expect(main).toContain(m('unsubscribed.continues'))

          // Leaving asks why, afterwards; undo brings the lists back.
          await page.check('#reason-too_many')
          await page.getByRole('button', { name: m('reason.submit') }).click()
          await check(page, locale, shot('reason-thanks'), m('reason.thanks.title'))

          // Change of address: approved from the current mailbox, confirmed from the new one,
          // then the old one is told.
          const newEmail = `moved-${locale}-${size}@example.com`
          await page.goto(preferences)
          await page.fill('#new_email', newEmail)
          await page.getByRole('button', { name: m('prefs.changeEmail') }).click()
          await check(page, locale, shot('address-asked'), m('address.asked.title'))
          const approveMail = await stack.mailTo(email, 2)
          const approveLink = /https?:\/\/[^\s]+\/address\/[A-Za-z0-9_-]+/.exec(approveMail.text)
          await page.goto(approveLink![0])
          await check(page, locale, shot('address-approve'), m('address.approve.title'))
          await page.getByRole('button', { name: m('address.approve.button') }).click()
          await check(page, locale, shot('address-sent'), m('address.sent.title'))
          const addressMail = await stack.mailTo(newEmail)
          const addressLink = /https?:\/\/[^\s]+\/address\/[A-Za-z0-9_-]+/.exec(addressMail.text)
          await page.goto(addressLink![0])
          await check(page, locale, shot('address-confirm'), m('address.confirm.title'))
          await page.getByRole('button', { name: m('address.confirm.button') }).click()
          await check(page, locale, shot('address-changed'), m('address.done.title'))
          await stack.mailTo(email, 3)

          // Errors in words, in the chosen language.
          await page.goto(`${stack.base}/no-such-page`)
          await check(page, locale, shot('not-found'), m('error.title.not_found'))
          await page.goto(`${stack.base}/confirm/forged`)
          await check(page, locale, shot('bad-link'), m('error.title.invalid_token'))
          await context.close()
        }, 300_000)
      }
    }

    it('the API reference fits a phone', async () => {
      const context = await browser.newContext({ viewport: VIEWPORTS.phone })
      const page = await context.newPage()
      await page.goto(`${stack.base}/api/docs`)
      await check(page, 'en', 'en-phone-api-docs', 'Prefcenter admin API')
      await context.close()
    }, 60_000)
  },
)
