/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { ConsentWording } from '../../src/domain/subscription/consent-text.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { LanguageLinks } from '../components/language-links.js'
import { Layout } from '../layout.js'

export interface ListChoice {
  id: string
  name: string
  description: string
}

export interface SignupPageProps {
  locale: Locale
  lists: ListChoice[]
  consent: ConsentWording
}

/** `GET /`: address, one unticked box per public list, optional name, the consent wording. */
export function SignupPage({ locale, lists, consent }: SignupPageProps) {
  return (
    <Layout locale={locale} title={t(locale, 'signup.title')}>
      <LanguageLinks locale={locale} path="/" />
      <p>{t(locale, 'signup.intro')}</p>
      {lists.length === 0 ? (
        <p>{t(locale, 'signup.noLists')}</p>
      ) : (
        <form method="post" action="/subscribe">
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
          <fieldset>
            <legend>{t(locale, 'signup.lists')}</legend>
            {lists.map((list) => (
              <div class="choice">
                <input type="checkbox" id={`list-${list.id}`} name="lists" value={list.id} />
                <label for={`list-${list.id}`}>
                  {list.name}
                  <span class="description">{list.description}</span>
                </label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="name">{t(locale, 'signup.name')}</label>
            <input type="text" id="name" name="name" maxlength={200} autocomplete="name" />
          </div>
          <h2>{t(locale, 'signup.consentHeading')}</h2>
          <p class="consent">{consent.text}</p>
          <h2>{t(locale, 'signup.processorHeading')}</h2>
          <p class="consent">{consent.processors}</p>
          <p>
            <button type="submit">{t(locale, 'signup.submit')}</button>
          </p>
        </form>
      )}
      <p>
        <a href="/manage">{t(locale, 'signup.manage')}</a>
      </p>
    </Layout>
  )
}
