/** The bench's printed lines: one per case as it runs, then the summary and the goals. */
import type { ImportRate } from './import-rate.js'
import type { LoadResult } from './load.js'

export interface CaseResult {
  name: string
  result: LoadResult
  wrapped: number
}

export interface EngineResult {
  label: string
  cases: CaseResult[]
  imported?: ImportRate
  twoInstances?: { name: string; one: LoadResult; two: LoadResult }[]
}

export const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
/** One case: rate, latency percentiles, server CPU per request, failures. */
export const line = (r: LoadResult) =>
  `${fmt(r.perSecond).padStart(7)} req/s  p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms${r.cpuMicros !== undefined ? `  cpu ${fmt(r.cpuMicros).padStart(5)} µs/req` : ''}${r.non2xx || r.errors ? `  non-2xx ${r.non2xx} errors ${r.errors}` : ''}`

/** The summary table and each goal of issue 12, met or not. */
export function report(
  baseline: LoadResult,
  disk: number,
  engines: EngineResult[],
  /** The same page rendered from constants by a bare Hono app: the framework's ceiling. */
  barePage?: LoadResult,
): void {
  console.log('\nSummary (ratios: to the bare Hono server in this run; one-click also to the disk)')
  const head = [
    'case'.padEnd(42),
    ...engines.map((e) => `${e.label}: req/s  ratio  p50  p99`.padStart(38)),
  ]
  console.log(head.join(' '))
  for (const [index, entry] of engines[0]!.cases.entries()) {
    const cells = engines.map((engine) => {
      const r = engine.cases[index]!.result
      return `${fmt(r.perSecond).padStart(13)} ${(r.perSecond / baseline.perSecond).toFixed(3).padStart(6)}x ${String(r.p50).padStart(4)} ${String(r.p99).padStart(4)}${engine.cases[index]!.wrapped ? '*' : ' '}`.padStart(
        38,
      )
    })
    console.log([entry.name.padEnd(42), ...cells].join(' '))
  }
  if (engines.some((engine) => engine.cases.some((entry) => entry.wrapped > 0)))
    console.log('(* more requests than seeded contacts: the extra ones repeated a change)')
  for (const engine of engines) {
    const prefs = engine.cases.find((e) => e.name === 'GET /preferences/:token')?.result
    const click = engine.cases.find((e) => e.name.includes('one-click'))?.result
    const imported = engine.imported
    console.log(`\n${engine.label} goals:`)
    if (prefs) {
      goal(
        `preferences GET ${(prefs.perSecond / baseline.perSecond).toFixed(3)}x bare (>= 0.25x), p99 ${prefs.p99} ms (<= 25)`,
        prefs.perSecond / baseline.perSecond >= 0.25 && prefs.p99 <= 25,
      )
      if (barePage)
        console.log(
          `           (the same page from constants in a bare Hono app: ${fmt(barePage.perSecond)} req/s = ${(barePage.perSecond / baseline.perSecond).toFixed(3)}x bare; the service reaches ${(prefs.perSecond / barePage.perSecond).toFixed(2)}x of it)`,
        )
    }
    if (click)
      goal(
        `one-click ${(click.perSecond / disk).toFixed(2)}x the disk's commits/s (>= 1.0x), p99 ${click.p99} ms (<= 50)`,
        click.perSecond / disk >= 1 && click.p99 <= 50,
      )
    if (imported)
      goal(
        `import ${fmt(imported.perSecond)} rows/s (>= 16,667), peak RSS ${Math.round(imported.peakMb)} MB (<= 250)`,
        imported.exitCode === 0 && imported.perSecond >= 16_667 && imported.peakMb <= 250,
      )
    for (const pair of engine.twoInstances ?? [])
      goal(
        `two instances ${pair.name}: ${fmt(pair.two.perSecond)}/s vs one ${fmt(pair.one.perSecond)}/s (not slower in sum)`,
        pair.two.perSecond >= pair.one.perSecond,
      )
  }
}

function goal(text: string, met: boolean): void {
  console.log(`  ${met ? 'met    ' : 'NOT met'}  ${text}`)
}
