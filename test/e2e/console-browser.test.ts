import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from './support.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const available = existsSync(CHROMIUM)
const ADMIN_TOKEN = 'console-walkthrough-admin-token-0123456789'
const axeSource = readFileSync(
  createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
  'utf8',
)

interface AxeResult {
  violations: { id: string; impact: string | null; help: string; nodes: { target: unknown }[] }[]
}

/** Runs axe-core (from the installed package) on the page; returns serious and critical findings. */
async function seriousViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const result = (await page.evaluate(() =>
    (globalThis as unknown as { axe: { run: () => Promise<unknown> } }).axe.run(),
  )) as AxeResult
  return result.violations
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map(
      (v) => `${v.id} (${v.impact}): ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`,
    )
}

// On CI a missing browser is a failure, not a skip: the suite must not go quietly green.
describe.skipIf(!available && !process.env.CI)(
  'the admin console in a real browser (Chromium)',
  () => {
    let stack: Stack
    let browser: Browser
    beforeAll(async () => {
      if (!available) throw new Error(`CI is set but there is no Chromium at ${CHROMIUM}`)
      stack = await startStack({ ADMIN_TOKEN })
      browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-sync'],
      })
      // A contact with consent evidence, through the admin API, for the console to find.
      const res = await fetch(
        `${stack.base}/api/v1/contacts/${encodeURIComponent('walk@example.com')}`,
        {
          method: 'PUT',
          headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({
            subscriptions: { newsletter: 'subscribed' },
            consent: { source: 'fair-stand', text: 'Yes, the newsletter please.' },
          }),
        },
      )
      expect(res.status).toBe(200)
    }, 120_000)
    afterAll(async () => {
      await browser?.close()
      await stack?.stop()
    })

    it('signs in, walks every page, creates a list, finds a contact, reads its ledger, exports, imports and signs out', async () => {
      // axe-core is injected by the test; the pages themselves carry no script.
      const context = await browser.newContext({
        locale: 'en-GB',
        bypassCSP: true,
        acceptDownloads: true,
      })
      const page = await context.newPage()
      const checked: Record<string, string[]> = {}
      const audit = async (name: string) => {
        checked[name] = await seriousViolations(page)
      }

      await page.goto(`${stack.base}/admin`)
      expect(await page.locator('h1').textContent()).toBe('Sign in to the admin console')
      await audit('sign-in')
      await page.getByLabel('Admin token or API key').fill(ADMIN_TOKEN)
      await page.getByRole('button', { name: 'Sign in' }).click()
      expect(await page.locator('h1').textContent()).toBe('Dashboard')
      expect(await page.locator('svg[role="img"]').count()).toBeGreaterThanOrEqual(4)
      await audit('dashboard')

      await page.getByRole('link', { name: 'Lists' }).click()
      expect(await page.locator('h1').textContent()).toBe('Lists')
      await audit('lists')
      await page.getByLabel('Id').fill('walkthrough-news')
      await page.getByLabel('Name').fill('Walkthrough news')
      await page.getByLabel('Legal basis').selectOption('consent')
      await page.getByRole('button', { name: 'Save the list' }).click()
      expect(await page.getByRole('status').textContent()).toContain('The list was created.')
      expect(await page.locator('table').first().textContent()).toContain('Walkthrough news')
      await page.getByRole('link', { name: 'Edit Walkthrough news' }).click()
      expect(await page.locator('h1').textContent()).toBe('Edit list Walkthrough news')
      await audit('list-edit')

      // Deleting the new list asks once more (a second step), then goes back unchanged.
      await page.goto(`${stack.base}/admin/lists`)
      await page.getByRole('button', { name: 'Delete Walkthrough news' }).click()
      expect(await page.locator('h1').textContent()).toBe('Delete the list Walkthrough news?')
      await audit('list-delete-confirm')
      await page.getByRole('link', { name: 'Go back, keep it' }).click()
      expect(await page.locator('table').first().textContent()).toContain('Walkthrough news')

      await page.getByRole('link', { name: 'Contacts' }).click()
      await audit('contacts')
      await page.getByLabel('Exact email address').fill('walk@example.com')
      await page.getByRole('button', { name: 'Find' }).click()
      expect(page.url()).not.toContain('walk@example.com')
      expect(await page.locator('h1').textContent()).toBe('Contact')
      const timeline = await page.locator('table').last().textContent()
      expect(timeline).toContain('Yes, the newsletter please.')
      await audit('contact')
      // An address the server refuses (a % in it) comes back to this page, on the field.
      await page.getByLabel('New address').fill('a%b@example.com')
      await page.getByRole('button', { name: 'Change the address' }).click()
      expect(await page.locator('h1').textContent()).toBe('Contact')
      expect(await page.locator('#new-address').getAttribute('aria-invalid')).toBe('true')
      await audit('contact-address-refused')
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: 'Download the data export (JSON)' }).click(),
      ])
      const exported = JSON.parse(readFileSync((await download.path())!, 'utf8'))
      expect(JSON.stringify(exported)).toContain('walk@example.com')

      await page.goto(`${stack.base}/admin/ledger`)
      await audit('ledger')
      await page.getByLabel('Source').selectOption('admin')
      await page.getByRole('button', { name: 'Show' }).click()
      expect(await page.locator('table').textContent()).toContain('fair-stand')

      await page.getByRole('link', { name: 'Import' }).click()
      await audit('import')
      await page.getByLabel('CSV file').setInputFiles({
        name: 'people.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(
          'email,list,status,consent_source,consent_text,consent_at\n' +
            'imported@example.com,newsletter,subscribed,fair,Yes please,2026-01-01T10:00:00Z\n' +
            'nobody@example.com,newsletter,subscribed,,,\n',
        ),
      })
      await page.getByRole('button', { name: 'Check the file (dry run)' }).click()
      expect(await page.locator('h1').textContent()).toBe('Dry-run report')
      expect(await page.locator('main').textContent()).toContain('consent evidence missing')
      await audit('import-report')
      await page.getByRole('button', { name: 'Apply this import' }).click()
      expect(await page.locator('h1').textContent()).toBe('The import was applied.')
      await audit('import-applied')

      await page.getByRole('link', { name: 'API keys' }).click()
      await audit('keys')
      await page.getByLabel('Name').fill('walkthrough-reader')
      await page.getByRole('button', { name: 'Create the key' }).click()
      expect(await page.locator('#new-key').textContent()).toMatch(/^pck_/)
      await audit('key-created')

      await page.getByRole('button', { name: 'Sign out' }).click()
      expect(await page.locator('h1').textContent()).toBe('Sign in to the admin console')
      expect(await page.getByRole('status').textContent()).toContain('You are signed out.')
      await page.goto(`${stack.base}/admin/lists`)
      expect(await page.locator('h1').textContent()).toBe('Sign in to the admin console')

      expect(checked).toEqual(Object.fromEntries(Object.keys(checked).map((name) => [name, []])))
      expect(Object.keys(checked)).toHaveLength(14)

      const imported = await fetch(
        `${stack.base}/api/v1/contacts/${encodeURIComponent('imported@example.com')}`,
        { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } },
      )
      expect(imported.status).toBe(200)
      await context.close()
    }, 180_000)
  },
)
