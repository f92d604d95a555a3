/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { ConsentWording } from '../../src/domain/subscription/consent-text.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { FieldError, type FieldErrors, invalidAttributes } from '../components/field-error.js'
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
  /** What a refused form held, to fill it in again. */
  values?: { email: string; name: string; lists: string[] }
  errors?: FieldErrors
}

/** `GET /`: address, one unticked box per public list, optional name, the consent wording. */
export function SignupPage({ locale, lists, consent, values, errors = {} }: SignupPageProps) {
  const refused = Object.keys(errors).length > 0
  return (
    <Layout locale={locale} title={t(locale, 'signup.title')} failed={refused}>
      {refused && (
        // Every problem at once, each a link to its field (a browser review: one per try).
        <div class="warning" role="alert">
          <p>{t(locale, 'form.problems')}</p>
          <ul>
            {errors.email && (
              <li>
                <a href="#email">{errors.email}</a>
              </li>
            )}
            {errors.lists && lists[0] && (
              <li>
                <a href={`#list-${lists[0].id}`}>{errors.lists}</a>
              </li>
            )}
            {errors.name && (
              <li>
                <a href="#name">{errors.name}</a>
              </li>
            )}
          </ul>
        </div>
      )}
      <p>{t(locale, 'signup.intro')}</p>
      {lists.length === 0 ? (
        <p>{t(locale, 'signup.noLists')}</p>
      ) : (
        <form method="post" action="/subscribe">
          <input type="hidden" name="locale" value={locale} />
          <div class="field">
            <label for="email">{t(locale, 'signup.email')}</label>
            <FieldError id="email-error" message={errors.email} />
            <input
              type="email"
              id="email"
              name="email"
              value={values?.email}
              {...invalidAttributes('email-error', errors.email)}
              required
              maxlength={254}
              autocomplete="email"
              inputmode="email"
            />
          </div>
          <fieldset {...invalidAttributes('lists-error', errors.lists)}>
            <legend>{t(locale, 'signup.lists')}</legend>
            <FieldError id="lists-error" message={errors.lists} />
            {lists.map((list) => (
              <div class="choice">
                <input
                  type="checkbox"
                  id={`list-${list.id}`}
                  name="lists"
                  value={list.id}
                  checked={values?.lists.includes(list.id)}
                />
                <label for={`list-${list.id}`}>
                  {list.name}
                  <span class="description">{list.description}</span>
                </label>
              </div>
            ))}
          </fieldset>
          <div class="field">
            <label for="name">{t(locale, 'signup.name')}</label>
            <FieldError id="name-error" message={errors.name} />
            <input
              type="text"
              id="name"
              name="name"
              value={values?.name}
              {...invalidAttributes('name-error', errors.name)}
              maxlength={200}
              autocomplete="name"
            />
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
