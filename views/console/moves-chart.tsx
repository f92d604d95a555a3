/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { ListStats } from '../../src/domain/admin/stats.js'
import type { Locale } from '../../src/i18n/locale.js'
import { t } from '../../src/i18n/messages.js'

const WIDTH = 720
const HEIGHT = 180
const PAD = { left: 36, right: 8, top: 10, bottom: 24 }
const JOIN = '#0d5223'
const LEAVE = '#a50e0e'

/**
 * Joins (up, green) and leaves (down, red) per day as server-rendered SVG bars: no script, no
 * inline style (presentation attributes only, allowed by the CSP). The SVG is one image with a
 * text alternative; the figures themselves are in the data table that follows it.
 *
 * @example <MovesChart locale="en" list={stats} />
 */
export function MovesChart({ locale, list }: { locale: Locale; list: ListStats }) {
  const days = list.daily.length
  const max = Math.max(1, ...list.daily.map((day) => Math.max(day.joins, day.leaves)))
  const plotWidth = WIDTH - PAD.left - PAD.right
  const half = (HEIGHT - PAD.top - PAD.bottom) / 2
  const axis = PAD.top + half
  const step = plotWidth / Math.max(1, days)
  const bar = Math.max(1, step - 1)
  const scale = (n: number) => (n / max) * half
  const joins = list.daily.reduce((sum, day) => sum + day.joins, 0)
  const leaves = list.daily.reduce((sum, day) => sum + day.leaves, 0)
  const label = t(locale, 'console.dashboard.chart_label', {
    list: list.name,
    joins,
    leaves,
    days,
  })
  const id = `chart-${list.id}`
  const first = list.daily[0]?.date ?? ''
  const last = list.daily[days - 1]?.date ?? ''
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}>{list.name}</figcaption>
      <svg
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        role="img"
        aria-labelledby={`${id}-title`}
        xmlns="http://www.w3.org/2000/svg"
      >
        <title id={`${id}-title`}>{label}</title>
        <line x1={PAD.left} x2={WIDTH - PAD.right} y1={axis} y2={axis} stroke="#4a5563" />
        <text x={PAD.left - 4} y={PAD.top + 10} text-anchor="end" font-size="11" fill="#1b1f24">
          {max}
        </text>
        <text x={PAD.left - 4} y={axis + 4} text-anchor="end" font-size="11" fill="#1b1f24">
          0
        </text>
        <text
          x={PAD.left - 4}
          y={HEIGHT - PAD.bottom}
          text-anchor="end"
          font-size="11"
          fill="#1b1f24"
        >
          {max}
        </text>
        {list.daily.map((day, index) => {
          const x = PAD.left + index * step
          return (
            <g>
              {day.joins > 0 && (
                <rect
                  x={x}
                  y={axis - scale(day.joins)}
                  width={bar}
                  height={scale(day.joins)}
                  fill={JOIN}
                />
              )}
              {day.leaves > 0 && (
                <rect x={x} y={axis} width={bar} height={scale(day.leaves)} fill={LEAVE} />
              )}
            </g>
          )
        })}
        <text x={PAD.left} y={HEIGHT - 6} font-size="11" fill="#1b1f24">
          {first}
        </text>
        <text x={WIDTH - PAD.right} y={HEIGHT - 6} text-anchor="end" font-size="11" fill="#1b1f24">
          {last}
        </text>
      </svg>
      <p class="legend" aria-hidden="true">
        <span class="swatch-joins">{t(locale, 'console.dashboard.joins')}</span>
        <span class="swatch-leaves">{t(locale, 'console.dashboard.leaves')}</span>
      </p>
      <details>
        <summary>{t(locale, 'console.dashboard.data_table', { list: list.name })}</summary>
        <section class="table-wrap" tabindex={0} aria-label={label}>
          <table>
            <caption>{label}</caption>
            <thead>
              <tr>
                <th scope="col">{t(locale, 'console.dashboard.date')}</th>
                <th scope="col" class="num">
                  {t(locale, 'console.dashboard.joins')}
                </th>
                <th scope="col" class="num">
                  {t(locale, 'console.dashboard.leaves')}
                </th>
              </tr>
            </thead>
            <tbody>
              {list.daily.map((day) => (
                <tr>
                  <th scope="row">{day.date}</th>
                  <td class="num">{day.joins}</td>
                  <td class="num">{day.leaves}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </details>
    </figure>
  )
}
