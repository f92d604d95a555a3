/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { ConsoleSession } from '../../src/domain/admin/console-session.js'
import type { Dashboard, OptOutGroup } from '../../src/domain/admin/dashboard.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'
import { LEAVE_REASONS } from '../../src/domain/leaving/leave-follow-up.js'
import { ConsoleLayout } from './console-layout.js'
import { MovesChart } from './moves-chart.js'

const groups: OptOutGroup[] = ['one_click', 'page', 'mailchimp', 'bounce', 'other']

const when = (iso: string | null, locale: Locale) =>
  iso ? iso.replace('T', ' ').slice(0, 19) : t(locale, 'console.dashboard.sync.never')

/**
 * The dashboard: statuses per list now, a chart (with its data table) per list, opt-out
 * sources, reasons given, and Mailchimp sync health.
 *
 * @example c.html(<DashboardPage locale="en" session={session} data={await dashboardData(deps)} />)
 */
export function DashboardPage({
  locale,
  session,
  data,
}: {
  locale: Locale
  session: ConsoleSession
  data: Dashboard
}) {
  const sync = data.sync
  return (
    <ConsoleLayout
      locale={locale}
      title={t(locale, 'console.dashboard.title')}
      session={session}
      current="dashboard"
    >
      <section class="table-wrap" tabindex={0} aria-label={t(locale, 'console.dashboard.now')}>
        <table>
          <caption>{t(locale, 'console.dashboard.now')}</caption>
          <thead>
            <tr>
              <th scope="col">{t(locale, 'console.dashboard.list')}</th>
              <th scope="col" class="num">
                {t(locale, 'console.dashboard.subscribed')}
              </th>
              <th scope="col" class="num">
                {t(locale, 'console.dashboard.pending')}
              </th>
              <th scope="col" class="num">
                {t(locale, 'console.dashboard.unsubscribed')}
              </th>
            </tr>
          </thead>
          <tbody>
            {data.lists.map((list) => (
              <tr>
                <th scope="row">
                  {list.name} {list.archived && t(locale, 'console.dashboard.archived')}
                </th>
                <td class="num">{list.counts.subscribed}</td>
                <td class="num">{list.counts.pending}</td>
                <td class="num">{list.counts.unsubscribed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <h2>{t(locale, 'console.dashboard.moves', { days: data.days })}</h2>
      {data.lists.map((list) => (
        <MovesChart locale={locale} list={list} />
      ))}

      <div class="grid2">
        <section aria-labelledby="sources-heading">
          <h2 id="sources-heading">
            {t(locale, 'console.dashboard.sources', { days: data.days })}
          </h2>
          <CountTable
            label={t(locale, 'console.dashboard.source')}
            countLabel={t(locale, 'console.dashboard.count')}
            rows={groups.map((group) => ({
              label: t(locale, `console.dashboard.source.${group}`),
              count: data.optOuts[group],
            }))}
          />
        </section>
        <section aria-labelledby="reasons-heading">
          <h2 id="reasons-heading">{t(locale, 'console.dashboard.reasons')}</h2>
          {data.reasons.length === 0 ? (
            <p>{t(locale, 'console.dashboard.no_reasons')}</p>
          ) : (
            <CountTable
              label={t(locale, 'console.dashboard.reason')}
              countLabel={t(locale, 'console.dashboard.count')}
              rows={data.reasons.map((row) => ({
                label: reasonLabel(locale, row.reason),
                count: row.n,
              }))}
            />
          )}
        </section>
      </div>

      <section aria-labelledby="sync-heading">
        <h2 id="sync-heading">{t(locale, 'console.dashboard.sync')}</h2>
        {!sync.enabled && <p>{t(locale, 'console.dashboard.sync.disabled')}</p>}
        <table>
          <tbody>
            <tr>
              <th scope="row">{t(locale, 'console.dashboard.sync.depth')}</th>
              <td class="num">{sync.queue.depth}</td>
            </tr>
            <tr>
              <th scope="row">{t(locale, 'console.dashboard.sync.oldest')}</th>
              <td>
                {sync.queue.oldestWaitingAt
                  ? when(sync.queue.oldestWaitingAt, locale)
                  : t(locale, 'console.dashboard.sync.none')}
              </td>
            </tr>
            <tr>
              <th scope="row">{t(locale, 'console.dashboard.sync.failed')}</th>
              <td class="num">{sync.failures.count}</td>
            </tr>
            <tr>
              <th scope="row">{t(locale, 'console.dashboard.sync.last_success')}</th>
              <td>{when(sync.lastSuccessAt, locale)}</td>
            </tr>
          </tbody>
        </table>
        {Object.keys(sync.failures.byReason).length > 0 && (
          <table>
            <caption>{t(locale, 'console.dashboard.sync.by_reason')}</caption>
            <thead>
              <tr>
                <th scope="col">{t(locale, 'console.dashboard.sync.reason')}</th>
                <th scope="col">{t(locale, 'console.dashboard.sync.failed')}</th>
              </tr>
            </thead>
            <tbody>
              {Object.entries(sync.failures.byReason).map(([reason, count]) => (
                <tr>
                  <th scope="row">{reason}</th>
                  <td class="num">{count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {sync.failures.recent.length > 0 && (
          <>
            <h3>{t(locale, 'console.dashboard.sync.recent_failures')}</h3>
            <ul>
              {sync.failures.recent.map((row) => (
                <li>
                  {when(row.failedAt, locale)}: {row.error ?? ''}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </ConsoleLayout>
  )
}

/** A two-column table: what was counted, one row each, and how many. */
function CountTable({
  label,
  countLabel,
  rows,
}: {
  label: string
  countLabel: string
  rows: { label: string; count: number }[]
}) {
  return (
    <table>
      <thead>
        <tr>
          <th scope="col">{label}</th>
          <th scope="col" class="num">
            {countLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr>
            <th scope="row">{row.label}</th>
            <td class="num">{row.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}

/** A reason offered on the unsubscribed page, in words; Mailchimp's own reasons as they came. */
function reasonLabel(locale: Locale, reason: string): string {
  const offered = LEAVE_REASONS.find((code) => code === reason)
  return offered ? t(locale, `reason.${offered}`) : reason
}
