/** @jsxRuntime automatic @jsxImportSource #jsx */
import { raw } from 'hono/html'
import type { Child } from '#jsx/jsx-runtime'
import { useContext } from '#jsx/jsx-runtime'
import type { Locale } from '../src/i18n/locale.js'
import { t } from '../src/i18n/messages.js'
import { LanguageLinks } from './components/language-links.js'
import { OrganizationLine } from './components/organization.js'
import { PageContext } from './page-context.js'

export interface LayoutProps {
  locale: Locale
  title: string
  /** False for pages that exist in one language only (the API reference). */
  languages?: boolean
  /** A form came back refused: the browser tab (what a screen reader reads first) says so. */
  failed?: boolean
  children?: Child
}

/**
 * The shell of every page: doctype, one language, one stylesheet, no script, a skip link, the
 * language links, one h1 (the title), and the footer naming who runs the service. Pages render
 * their content below the title.
 *
 * @example <Layout locale="en" title="Unsubscribe"><p>…</p></Layout>
 */
export function Layout({ locale, title, languages = true, failed = false, children }: LayoutProps) {
  const { organization, languagePath } = useContext(PageContext)
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <meta name="robots" content="noindex" />
          <title>{`${failed ? t(locale, 'page.failed', { title }) : title} · ${t(locale, 'app.name')}`}</title>
          <link rel="stylesheet" href="/assets/app.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            {t(locale, 'layout.skip')}
          </a>
          <header class="site-header">
            <span class="site-name">{organization.name ?? t(locale, 'app.name')}</span>
            {languages && languagePath && <LanguageLinks locale={locale} path={languagePath} />}
          </header>
          <main id="main">
            <h1>{title}</h1>
            {children}
          </main>
          <footer class="site-footer">
            <OrganizationLine organization={organization} />
            <p>
              {t(locale, 'layout.footer')} <a href="/manage">{t(locale, 'layout.manage')}</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  )
}
