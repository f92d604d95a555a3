import { ADMIN_TOKEN, type TestApp } from '../support/test-app.js'

/**
 * A tiny browser over `app.request`: keeps cookies, sends forms the way a browser does from
 * our own pages (Sec-Fetch-Site: same-origin) unless told otherwise, and reads the CSRF token
 * of the last page.
 *
 * @example const browser = new ConsoleBrowser(t); await browser.signIn()
 */
export class ConsoleBrowser {
  readonly cookies = new Map<string, string>()
  lastHtml = ''

  constructor(readonly t: TestApp) {}

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ')
  }

  private keep(res: Response): void {
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const [name, ...rest] = pair!.split('=')
      const value = rest.join('=')
      if (/max-age=0/i.test(line) || value === '') this.cookies.delete(name!.trim())
      else this.cookies.set(name!.trim(), value)
    }
  }

  async get(path: string, headers: Record<string, string> = {}): Promise<Response> {
    const res = await this.t.app.request(path, {
      headers: { cookie: this.cookieHeader(), 'sec-fetch-site': 'same-origin', ...headers },
    })
    this.keep(res)
    if ((res.headers.get('content-type') ?? '').includes('text/html'))
      this.lastHtml = await res.clone().text()
    return res
  }

  async post(
    path: string,
    fields: Record<string, string> | FormData,
    headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' },
  ): Promise<Response> {
    const body = fields instanceof FormData ? fields : new URLSearchParams(fields)
    const res = await this.t.app.request(path, {
      method: 'POST',
      headers: { cookie: this.cookieHeader(), ...headers },
      body,
    })
    this.keep(res)
    if ((res.headers.get('content-type') ?? '').includes('text/html'))
      this.lastHtml = await res.clone().text()
    return res
  }

  /** Posts `body` as it stands under `contentType`, same-site, with the cookies. */
  async postRaw(path: string, body: string, contentType: string): Promise<Response> {
    const res = await this.t.app.request(path, {
      method: 'POST',
      headers: {
        cookie: this.cookieHeader(),
        'sec-fetch-site': 'same-origin',
        'content-type': contentType,
      },
      body,
    })
    this.keep(res)
    return res
  }

  /** The CSRF token in the last HTML page. */
  csrf(): string {
    const match = /name="csrf" value="([^"]+)"/.exec(this.lastHtml)
    if (!match) throw new Error('no CSRF field on the last page')
    return match[1]!
  }

  /** Loads the sign-in page and signs in; returns the sign-in answer. */
  async signIn(credential = ADMIN_TOKEN, locale?: string): Promise<Response> {
    await this.get(locale ? `/admin?lang=${locale}` : '/admin')
    return this.post('/admin/sign-in', {
      csrf: this.csrf(),
      credential,
      ...(locale ? { locale } : {}),
    })
  }

  /**
   * Loads `page`, then posts `fields` to `action` with what the page's form for `action` carries
   * hidden (its CSRF token, a one-time form id), as a browser sends it.
   */
  async submit(page: string, action: string, fields: Record<string, string> = {}) {
    await this.get(page)
    return this.post(action, { csrf: this.csrf(), ...this.hiddenFields(action), ...fields })
  }

  /** The hidden inputs of the last page's form that posts to `action`. */
  hiddenFields(action: string): Record<string, string> {
    const form = new RegExp(`<form[^>]*action="${action}"[^>]*>([\\s\\S]*?)</form>`).exec(
      this.lastHtml,
    )
    const fields: Record<string, string> = {}
    for (const input of (form?.[1] ?? '').matchAll(
      /<input type="hidden" name="([^"]+)" value="([^"]*)"/g,
    ))
      fields[input[1]!] = input[2]!
    return fields
  }
}

/** SHA-256 hex, as the session table keeps cookie values. */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))
  return Buffer.from(digest).toString('hex')
}
