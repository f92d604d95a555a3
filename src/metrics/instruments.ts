import type { MetricsRegistry } from './registry.js'

/**
 * The figures the service counts, each named once here so that `/metrics`, the dashboard and
 * the tests agree on names and help texts.
 */
export const METRIC = {
  requests: ['prefcenter_http_requests_total', 'HTTP requests by route pattern, method and status'],
  latency: [
    'prefcenter_http_request_duration_seconds',
    'Time to answer an HTTP request, by route pattern and method',
  ],
  mails: ['prefcenter_mails_total', 'Mails handed to the transport, by outcome (sent, failed)'],
  mailchimp: [
    'prefcenter_mailchimp_calls_total',
    'Calls to the Mailchimp API by operation and outcome (ok, error)',
  ],
} as const

/**
 * Counts one answered request under its route pattern (never the raw path: paths carry tokens
 * and addresses) and observes its latency.
 *
 * @example recordRequest(metrics, { route: '/subscribe', method: 'POST', status: 202 }, 0.012)
 */
export function recordRequest(
  metrics: MetricsRegistry,
  request: { route: string; method: string; status: number },
  seconds: number,
): void {
  const labels = { route: request.route, method: request.method }
  metrics.inc(METRIC.requests[0], METRIC.requests[1], {
    ...labels,
    status: String(request.status),
  })
  metrics.observe(METRIC.latency[0], METRIC.latency[1], labels, seconds)
}

/** @example countMail(deps.metrics, 'sent') */
export function countMail(metrics: MetricsRegistry | undefined, outcome: 'sent' | 'failed'): void {
  metrics?.inc(METRIC.mails[0], METRIC.mails[1], { outcome })
}

/** @example countMailchimpCall(metrics, 'upsertMember', 'ok') */
export function countMailchimpCall(
  metrics: MetricsRegistry,
  operation: string,
  outcome: 'ok' | 'error',
): void {
  metrics.inc(METRIC.mailchimp[0], METRIC.mailchimp[1], { operation, outcome })
}
