/** @jsxRuntime automatic @jsxImportSource hono/jsx */
import type { Child } from 'hono/jsx'
import { raw } from 'hono/html'
import type { Locale } from '../src/i18n/locale.js'
import { t } from '../src/i18n/messages.js'

export interface LayoutProps {
  locale: Locale
  title: string
  children?: Child
}

/**
 * The shell of every page: doctype, one language, one stylesheet, no script, a skip link and
 * one h1 (the title). Pages render their content below the title.
 *
 * @example <Layout locale="en" title="Unsubscribe"><p>…</p></Layout>
 */
export function Layout({ locale, title, children }: LayoutProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <meta name="robots" content="noindex" />
          <title>{`${title} · ${t(locale, 'app.name')}`}</title>
          <link rel="stylesheet" href="/assets/app.css" />
        </head>
        <body>
          <a class="skip" href="#main">
            {t(locale, 'layout.skip')}
          </a>
          <header class="site-header">{t(locale, 'app.name')}</header>
          <main id="main">
            <h1>{title}</h1>
            {children}
          </main>
          <footer class="site-footer">
            <p>
              {t(locale, 'layout.footer')} <a href="/manage">{t(locale, 'layout.manage')}</a>
            </p>
          </footer>
        </body>
      </html>
    </>
  )
}
