/** @jsxRuntime automatic @jsxImportSource #jsx */
import { locales, type Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'

const names: Record<Locale, string> = { en: 'English', pl: 'Polski', fi: 'Suomi' }

/** Links to the same page in each language (`?lang=`), each named in its own language. */
export function LanguageLinks({ locale, path }: { locale: Locale; path: string }) {
  return (
    <nav class="languages" aria-label={t(locale, 'layout.language')}>
      <ul>
        {locales.map((other) =>
          other === locale ? (
            <li>
              <span aria-current="page" lang={other}>
                {names[other]}
              </span>
            </li>
          ) : (
            <li>
              <a href={`${path}?lang=${other}`} lang={other} hreflang={other}>
                {names[other]}
              </a>
            </li>
          ),
        )}
      </ul>
    </nav>
  )
}
