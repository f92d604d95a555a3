/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { LanguageLinks } from '../components/language-links.js'
import { Layout } from '../layout.js'

/** `GET /manage`: "email me a link to my preferences". */
export function ManagePage({ locale }: { locale: Locale }) {
  return (
    <Layout locale={locale} title={t(locale, 'manage.title')}>
      <LanguageLinks locale={locale} path="/manage" />
      <p>{t(locale, 'manage.intro')}</p>
      <form method="post" action="/manage">
        <input type="hidden" name="locale" value={locale} />
        <div class="field">
          <label for="email">{t(locale, 'signup.email')}</label>
          <input
            type="email"
            id="email"
            name="email"
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
