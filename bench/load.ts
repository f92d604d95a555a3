import autocannon from 'autocannon'
import { treeCpuMs } from './process-cpu.js'

/** One HTTP request of a load case; `i` counts the requests of the run from 0. */
export interface RequestSpec {
  method?: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

export interface LoadResult {
  requests: number
  perSecond: number
  p50: number
  p99: number
  /** Responses that were not 2xx (a bench case expects 2xx only). */
  non2xx: number
  errors: number
  /** Server CPU (user + system) per request, in microseconds, when its pid was given. */
  cpuMicros?: number
}

export interface LoadOptions {
  url: string
  connections: number
  /** Seconds; ignored when `amount` is set. */
  duration: number
  /** Stop after this many requests (cases where each request must hit a different contact). */
  amount?: number
  request: (i: number) => RequestSpec
  /** The server's process id, to measure its CPU time per request. */
  pid?: number
}

/**
 * Drives `request(i)` over real HTTP with autocannon (keep-alive, `connections` at once) and
 * returns the rate and latency percentiles.
 *
 * @example await load({ url, connections: 50, duration: 5, request: () => ({ path: '/' }) })
 */
export async function load(options: LoadOptions): Promise<LoadResult> {
  let next = 0
  const cpuBefore = options.pid ? treeCpuMs(options.pid) : 0
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration }),
    requests: [
      {
        setupRequest: (request) => {
          const spec = options.request(next++)
          return {
            ...request,
            method: spec.method ?? 'GET',
            path: spec.path,
            // A copy: autocannon writes Content-Length into the object it is given, and a
            // shared one would carry it to a later request without a body (which then waits).
            headers: { ...spec.headers },
            body: spec.body,
          }
        },
      },
    ],
  })
  const cpuMs = options.pid ? treeCpuMs(options.pid) - cpuBefore : undefined
  return {
    ...(cpuMs !== undefined ? { cpuMicros: (cpuMs * 1000) / (result.requests.total || 1) } : {}),
    requests: result.requests.total,
    perSecond: result.requests.total / (result.duration || 1),
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors + result.timeouts,
  }
}
