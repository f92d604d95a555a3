/** Label names and values of one series, e.g. `{ route: '/subscribe', status: '202' }`. */
export type Labels = Record<string, string>

/** Upper bounds (seconds) of the request latency buckets: Prometheus' usual web defaults. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

interface Histogram {
  buckets: number[]
  sum: number
  count: number
}

interface Family {
  help: string
  type: 'counter' | 'histogram' | 'gauge'
  series: Map<string, { labels: Labels; value: number; histogram?: Histogram }>
}

const escapeLabel = (value: string) =>
  value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"')

function labelText(labels: Labels, extra?: [string, string]): string {
  const pairs = Object.entries(labels)
  if (extra) pairs.push(extra)
  if (pairs.length === 0) return ''
  return `{${pairs.map(([name, value]) => `${name}="${escapeLabel(value)}"`).join(',')}}`
}

const number = (value: number) =>
  Number.isFinite(value) ? String(value) : value > 0 ? '+Inf' : '-Inf'

/**
 * Counters and histograms of one process (or one Worker isolate), rendered in the Prometheus
 * text format. It is a plain object handed in through `Deps`, never a module singleton, so two
 * apps in one process (tests) and every runtime keep their own figures.
 *
 * @example
 * const metrics = new MetricsRegistry()
 * metrics.inc('prefcenter_mails_total', 'Mails handed to the transport', { outcome: 'sent' })
 * metrics.render() // '# HELP prefcenter_mails_total ...'
 */
export class MetricsRegistry {
  private readonly families = new Map<string, Family>()

  /** Adds `by` (default 1) to a counter series. */
  inc(name: string, help: string, labels: Labels = {}, by = 1): void {
    const entry = this.series(name, help, 'counter', labels)
    entry.value += by
  }

  /** Records one observation (seconds for latencies) in a histogram series. */
  observe(name: string, help: string, labels: Labels, value: number): void {
    const entry = this.series(name, help, 'histogram', labels)
    entry.histogram ??= { buckets: LATENCY_BUCKETS.map(() => 0), sum: 0, count: 0 }
    const histogram = entry.histogram
    LATENCY_BUCKETS.forEach((bound, index) => {
      if (value <= bound) histogram.buckets[index]! += 1
    })
    histogram.sum += value
    histogram.count += 1
  }

  /** The current value of a counter series, 0 when it was never counted. */
  value(name: string, labels: Labels = {}): number {
    return this.families.get(name)?.series.get(labelText(labels))?.value ?? 0
  }

  /**
   * The text exposition: every family with its HELP and TYPE, then `gauges` (figures read at
   * scrape time, such as the outbox depth) in the same format.
   */
  render(gauges: GaugeFamily[] = []): string {
    const lines: string[] = []
    for (const [name, family] of this.families) {
      lines.push(`# HELP ${name} ${family.help}`, `# TYPE ${name} ${family.type}`)
      for (const { labels, value, histogram } of family.series.values()) {
        if (!histogram) {
          lines.push(`${name}${labelText(labels)} ${number(value)}`)
          continue
        }
        LATENCY_BUCKETS.forEach((bound, index) => {
          const le: [string, string] = ['le', String(bound)]
          lines.push(`${name}_bucket${labelText(labels, le)} ${histogram.buckets[index]}`)
        })
        lines.push(`${name}_bucket${labelText(labels, ['le', '+Inf'])} ${histogram.count}`)
        lines.push(`${name}_sum${labelText(labels)} ${histogram.sum}`)
        lines.push(`${name}_count${labelText(labels)} ${histogram.count}`)
      }
    }
    for (const gauge of gauges) {
      lines.push(`# HELP ${gauge.name} ${gauge.help}`, `# TYPE ${gauge.name} gauge`)
      for (const { labels, value } of gauge.series)
        lines.push(`${gauge.name}${labelText(labels)} ${number(value)}`)
    }
    return `${lines.join('\n')}\n`
  }

  private series(name: string, help: string, type: Family['type'], labels: Labels) {
    let family = this.families.get(name)
    if (!family) {
      family = { help, type, series: new Map() }
      this.families.set(name, family)
    }
    const key = labelText(labels)
    let entry = family.series.get(key)
    if (!entry) {
      entry = { labels: { ...labels }, value: 0 }
      family.series.set(key, entry)
    }
    return entry
  }
}

/** A gauge computed when scraped (from the database), not kept in the registry. */
export interface GaugeFamily {
  name: string
  help: string
  series: { labels: Labels; value: number }[]
}
