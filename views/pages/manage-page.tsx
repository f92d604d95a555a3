/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { FieldError, invalidAttributes } from '../components/field-error.js'
import { Layout } from '../layout.js'

/** `GET /manage`: "email me a link to my preferences"; a refused address comes back filled in. */
export function ManagePage({
  locale,
  email,
  error,
}: {
  locale: Locale
  email?: string
  error?: string
}) {
  return (
    <Layout locale={locale} title={t(locale, 'manage.title')} failed={Boolean(error)}>
      {error && (
        // As on the sign-up form: the problem named at the top, with a way to its field.
        <div class="warning" role="alert">
          <p>{t(locale, 'form.problems')}</p>
          <ul>
            <li>
              <a href="#email">{error}</a>
            </li>
          </ul>
        </div>
      )}
      <p>{t(locale, 'manage.intro')}</p>
      <form method="post" action="/manage">
        <input type="hidden" name="locale" value={locale} />
        <div class="field">
          <label for="email">{t(locale, 'signup.email')}</label>
          <FieldError id="email-error" message={error} />
          <input
            type="email"
            id="email"
            name="email"
            value={email}
            {...invalidAttributes('email-error', error)}
            required
            maxlength={254}
            autocomplete="email"
            inputmode="email"
          />
        </div>
        <p>
          <button type="submit">{t(locale, 'manage.submit')}</button>
        </p>
      </form>
    </Layout>
  )
}
