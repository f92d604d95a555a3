import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const available = existsSync(CHROMIUM)
/** Where the test leaves a screenshot of the preferences page for people to look at. */
export const SCREENSHOT = '/tmp/prefcenter-preferences.png'

if (!available && !process.env.CI) {
  console.warn(
    `browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`,
  )
}

// On CI a missing browser is a failure, not a skip: the suite must not go quietly green.
describe.skipIf(!available && !process.env.CI)(
  'a person in a real browser (Chromium, no JavaScript needed)',
  () => {
    let stack: Stack
    let browser: Browser
    beforeAll(async () => {
      if (!available) throw new Error(`CI is set but there is no Chromium at ${CHROMIUM}`)
      stack = await startStack()
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--no-first-run',
        ],
      })
    }, 120_000)
    afterAll(async () => {
      await browser?.close()
      await stack?.stop()
    })

    it('signs up with the form, confirms with the button, and changes preferences', async () => {
      const context = await browser.newContext({
        javaScriptEnabled: false,
        locale: 'en-GB',
        viewport: { width: 390, height: 844 },
      })
      const page = await context.newPage()
      const email = 'browser-reader@example.com'

      await page.goto(`${stack.base}/`)
      await page.getByLabel('Email address').fill(email)
      await page.getByLabel(/Newsletter/).check()
      await page.getByLabel('Name (optional)').fill('Brow Ser')
      await page.getByRole('button', { name: 'Sign up' }).click()
      await expect.poll(() => page.locator('h1').textContent()).toBe('Check your inbox')

      const mail = await stack.mailTo(email)
      await page.goto(`${stack.base}${stack.pathOf(mail.text, 'confirm')}`)
      await page.getByRole('button', { name: 'Confirm my subscription' }).click()
      expect(await page.locator('h1').textContent()).toBe('You are subscribed')

      await page.getByRole('link', { name: 'See or change your preferences' }).click()
      expect(await page.locator('h1').textContent()).toBe('Your email preferences')
      expect(await page.getByLabel(/^Newsletter/).isChecked()).toBe(true)
      await page.getByLabel(/^Webinars/).check()
      await page.getByRole('button', { name: 'Save my preferences' }).click()
      expect(await page.getByRole('status').first().textContent()).toContain(
        'Your preferences are saved.',
      )
      expect(await page.getByLabel(/^Webinars/).isChecked()).toBe(true)
      await page.screenshot({ path: SCREENSHOT, fullPage: true })

      // Keyboard users see where they are.
      await page.keyboard.press('Tab')
      const outline = await page.evaluate(() =>
        document.activeElement ? getComputedStyle(document.activeElement).outlineStyle : '',
      )
      expect(outline).not.toBe('none')
      await context.close()
    })
  },
)
