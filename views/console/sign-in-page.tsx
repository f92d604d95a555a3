/** @jsxRuntime automatic @jsxImportSource #jsx */
import { type Locale, locales } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { ConsoleLayout } from './console-layout.js'

const languageNames: Record<Locale, string> = { en: 'English', pl: 'Polski', fi: 'Suomi' }

export interface SignInPageProps {
  locale: Locale
  /** The pre-session CSRF value, also set as a cookie (double submit). */
  csrf: string
  error?: string | undefined
  notice?: string | undefined
}

/**
 * The console's sign-in form: ADMIN_TOKEN or an API key, in a password field so it is not shown
 * or kept by the browser's form history.
 *
 * @example c.html(<SignInPage locale="en" csrf={value} />)
 */
export function SignInPage({ locale, csrf, error, notice }: SignInPageProps) {
  return (
    <ConsoleLayout locale={locale} title={t(locale, 'console.sign_in.title')} notice={notice}>
      <nav class="languages" aria-label={t(locale, 'layout.language')}>
        <ul>
          {locales.map((code) => (
            <li>
              <a
                href={`/admin?lang=${code}`}
                lang={code}
                hreflang={code}
                aria-current={code === locale ? 'true' : undefined}
              >
                {languageNames[code]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {error && (
        <p class="warning" role="alert">
          {error}
        </p>
      )}
      <form method="post" action="/admin/sign-in">
        <input type="hidden" name="csrf" value={csrf} />
        <input type="hidden" name="locale" value={locale} />
        <div class="field">
          <label for="credential">{t(locale, 'console.sign_in.credential')}</label>
          <input
            id="credential"
            name="credential"
            type="password"
            autocomplete="current-password"
            required
            maxlength={512}
            aria-describedby="credential-hint"
          />
          <p class="small" id="credential-hint">
            {t(locale, 'console.sign_in.hint')}
          </p>
        </div>
        <button type="submit">{t(locale, 'console.sign_in.submit')}</button>
      </form>
    </ConsoleLayout>
  )
}
