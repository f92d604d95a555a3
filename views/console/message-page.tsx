/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { ConsoleSession } from '../../src/domain/admin/console-session.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { ConsoleLayout } from './console-layout.js'

/**
 * A refusal or a result in the console's frame (CSRF refused, read key, not found).
 *
 * @example c.html(<ConsoleMessagePage locale="en" title="…" message="…" />, 403)
 */
export function ConsoleMessagePage(props: {
  locale: Locale
  title: string
  message: string
  session?: ConsoleSession | undefined
}) {
  return (
    <ConsoleLayout locale={props.locale} title={props.title} session={props.session}>
      <p role="alert">{props.message}</p>
      <p>
        <a href="/admin">{t(props.locale, 'console.nav.dashboard')}</a>
      </p>
    </ConsoleLayout>
  )
}
