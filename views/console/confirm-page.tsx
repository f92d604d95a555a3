/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { ConsoleSession } from '../../src/domain/admin/console-session.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { ConsoleLayout, CsrfField } from './console-layout.js'

/**
 * The second step of something that cannot be undone: what it does, one danger button that
 * posts again with `confirm=yes`, and a way back that changes nothing. No script needed.
 *
 * @example c.render(<ConsoleConfirmPage locale="en" session={s} title="Revoke crm?" … />)
 */
export function ConsoleConfirmPage(props: {
  locale: Locale
  session: ConsoleSession
  title: string
  consequence: string
  action: string
  button: string
  backHref: string
}) {
  const { locale } = props
  return (
    <ConsoleLayout locale={locale} title={props.title} session={props.session}>
      <p class="warning">{props.consequence}</p>
      <form method="post" action={props.action}>
        <CsrfField session={props.session} />
        <input type="hidden" name="confirm" value="yes" />
        <button type="submit" class="danger">
          {props.button}
        </button>
      </form>
      <p>
        <a href={props.backHref}>{t(locale, 'console.confirm.back')}</a>
      </p>
    </ConsoleLayout>
  )
}
