/** @jsxRuntime automatic @jsxImportSource #jsx */
import { raw } from 'hono/html'
import { type Child, useContext } from '#jsx/jsx-runtime'
import type { ConsoleSession } from '../../src/domain/admin/console-session.js'
import { type Locale, locales } from '../../src/i18n/locale.js'
import { type MessageKey, t } from '../../src/i18n/messages.js'
import { Notice } from '../components/notice.js'
import { OrganizationLine } from '../components/organization.js'
import { PageContext } from '../page-context.js'

export type ConsoleSection = 'dashboard' | 'lists' | 'contacts' | 'ledger' | 'import' | 'keys'

const sections: { id: ConsoleSection; href: string; key: MessageKey }[] = [
  { id: 'dashboard', href: '/admin', key: 'console.nav.dashboard' },
  { id: 'lists', href: '/admin/lists', key: 'console.nav.lists' },
  { id: 'contacts', href: '/admin/contacts', key: 'console.nav.contacts' },
  { id: 'ledger', href: '/admin/ledger', key: 'console.nav.ledger' },
  { id: 'import', href: '/admin/import', key: 'console.nav.import' },
  { id: 'keys', href: '/admin/keys', key: 'console.nav.keys' },
]

const languageNames: Record<Locale, string> = { en: 'English', pl: 'Polski', fi: 'Suomi' }

export interface ConsoleLayoutProps {
  locale: Locale
  title: string
  session?: ConsoleSession | undefined
  current?: ConsoleSection
  /** A one-line result of the last action, announced as a status. */
  notice?: string | undefined
  children?: Child
}

/**
 * The shell of every console page: the public pages' stylesheet plus the console's, the
 * sections, the signed-in person with the language choice and sign-out (both CSRF-protected
 * forms), one h1. No script: everything works with plain forms.
 *
 * @example <ConsoleLayout locale="en" title="Lists" session={session} current="lists">…</ConsoleLayout>
 */
export function ConsoleLayout({
  locale,
  title,
  session,
  current,
  notice,
  children,
}: ConsoleLayoutProps) {
  const { organization } = useContext(PageContext)
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={locale}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="referrer" content="no-referrer" />
          <meta name="robots" content="noindex" />
          <title>{`${title} · ${t(locale, 'console.title')} · ${t(locale, 'app.name')}`}</title>
          <link rel="stylesheet" href="/assets/app.css" />
          <link rel="stylesheet" href="/admin/console.css" />
        </head>
        <body class="console">
          <a class="skip" href="#main">
            {t(locale, 'layout.skip')}
          </a>
          <header class="site-header">
            <span>
              {t(locale, 'app.name')} · {t(locale, 'console.title')}
            </span>
            {session && (
              <div class="session-bar">
                <span>
                  {t(locale, 'console.signed_in_as', {
                    actor: session.actor,
                    scope: t(locale, `console.scope.${session.scope}`),
                  })}
                </span>
                <form method="post" action="/admin/language">
                  <input type="hidden" name="csrf" value={session.csrfToken} />
                  <input
                    type="hidden"
                    name="back"
                    value={sections.find((section) => section.id === current)?.href ?? '/admin'}
                  />
                  <label for="console-language">{t(locale, 'console.language')}</label>
                  <select id="console-language" name="locale">
                    {locales.map((code) => (
                      <option value={code} selected={code === locale} lang={code}>
                        {languageNames[code]}
                      </option>
                    ))}
                  </select>
                  <button type="submit" class="secondary">
                    {t(locale, 'console.language.save')}
                  </button>
                </form>
                <form method="post" action="/admin/sign-out">
                  <input type="hidden" name="csrf" value={session.csrfToken} />
                  <button type="submit" class="secondary">
                    {t(locale, 'console.sign_out')}
                  </button>
                </form>
              </div>
            )}
          </header>
          {session && (
            <nav class="site-header console-nav" aria-label={t(locale, 'console.nav')}>
              <ul>
                {sections.map((section) => (
                  <li>
                    <a
                      href={section.href}
                      aria-current={section.id === current ? 'page' : undefined}
                    >
                      {t(locale, section.key)}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          )}
          <main id="main">
            <h1>{title}</h1>
            {notice && <Notice kind="ok">{notice}</Notice>}
            {session?.scope === 'read' && <p class="small">{t(locale, 'console.read_only')}</p>}
            {children}
          </main>
          {(organization.name || organization.address) && (
            <footer class="site-footer">
              <OrganizationLine organization={organization} />
            </footer>
          )}
        </body>
      </html>
    </>
  )
}

/** The hidden CSRF field every state-changing form carries. */
export function CsrfField({ session }: { session: ConsoleSession }) {
  return <input type="hidden" name="csrf" value={session.csrfToken} />
}
