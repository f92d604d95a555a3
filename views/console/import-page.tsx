/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { ConsoleImport } from '../../src/domain/admin/console-import.js'
import type { ConsoleSession } from '../../src/domain/admin/console-session.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { ConsoleLayout, CsrfField } from './console-layout.js'

/**
 * The upload form of an import (a write session only).
 *
 * @example c.html(<ImportPage locale="en" session={session} />)
 */
export function ImportPage(props: {
  locale: Locale
  session: ConsoleSession
  error?: string | undefined
}) {
  const { locale, session } = props
  return (
    <ConsoleLayout
      locale={locale}
      title={t(locale, 'console.import.title')}
      session={session}
      current="import"
    >
      {props.error && (
        <p class="warning" role="alert">
          {props.error}
        </p>
      )}
      {session.scope === 'write' && (
        <form method="post" action="/admin/import" enctype="multipart/form-data">
          <CsrfField session={session} />
          <div class="field">
            <label for="import-file">{t(locale, 'console.import.file')}</label>
            <input
              id="import-file"
              name="file"
              type="file"
              accept=".csv,text/csv"
              required
              aria-describedby="import-hint"
            />
            <p class="small" id="import-hint">
              {t(locale, 'console.import.hint')}
            </p>
          </div>
          <button type="submit">{t(locale, 'console.import.check')}</button>
        </form>
      )}
    </ConsoleLayout>
  )
}

/**
 * A checked or applied import: its progress, the counts and each rejected row with its reason,
 * and the apply button while it waits.
 *
 * @example c.html(<ImportReportPage locale="en" session={session} item={item} />)
 */
export function ImportReportPage(props: {
  locale: Locale
  session: ConsoleSession
  item: ConsoleImport
}) {
  const { locale, session, item } = props
  const summary = item.report.summary
  const applied = item.status === 'applied'
  return (
    <ConsoleLayout
      locale={locale}
      title={t(locale, applied ? 'console.import.applied' : 'console.import.report')}
      session={session}
      current="import"
    >
      <p role="status">
        {t(locale, 'console.import.status')}:{' '}
        {t(locale, applied ? 'console.import.status.applied' : 'console.import.status.checked')}
      </p>
      {summary && (
        <table>
          <tbody>
            <tr>
              <th scope="row">{t(locale, 'console.import.records')}</th>
              <td class="num">{summary.records}</td>
            </tr>
            <tr>
              <th scope="row">{t(locale, 'console.import.accepted')}</th>
              <td class="num">{summary.accepted}</td>
            </tr>
            <tr>
              <th scope="row">
                {t(locale, applied ? 'console.import.changed_done' : 'console.import.changed')}
              </th>
              <td class="num">{summary.changed}</td>
            </tr>
            <tr>
              <th scope="row">{t(locale, 'console.import.created')}</th>
              <td class="num">{summary.contactsCreated}</td>
            </tr>
            <tr>
              <th scope="row">{t(locale, 'console.import.rejected')}</th>
              <td class="num">{summary.rejected}</td>
            </tr>
          </tbody>
        </table>
      )}
      {item.report.rejections.length > 0 && (
        <table>
          <caption>{t(locale, 'console.import.rejected')}</caption>
          <thead>
            <tr>
              <th scope="col" class="num">
                {t(locale, 'console.import.line')}
              </th>
              <th scope="col">{t(locale, 'console.ledger.list')}</th>
              <th scope="col">{t(locale, 'console.import.reason')}</th>
            </tr>
          </thead>
          <tbody>
            {item.report.rejections.map((row) => (
              <tr>
                <td class="num">{row.line}</td>
                <td>{row.list}</td>
                <td>{row.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!applied && session.scope === 'write' && (
        <form method="post" action={`/admin/import/${item.id}/apply`}>
          <CsrfField session={session} />
          <button type="submit">{t(locale, 'console.import.apply')}</button>
        </form>
      )}
    </ConsoleLayout>
  )
}
