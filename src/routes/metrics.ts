import { Hono } from 'hono'
import { requireScope } from '../http/admin-auth.js'
import type { AppEnv } from '../http/env.js'
import { LAST_SUCCESS_KEY } from '../mailchimp/sync-drain.js'
import { readSetting } from '../mailchimp/sync-store.js'
import { MetricsRegistry, type GaugeFamily } from '../metrics/registry.js'
import { failedOutboxByTopic, outboxDepthByTopic } from '../repos/console-queries.js'

/**
 * GET /metrics: the Prometheus text format, behind `Authorization: Bearer` with a read (or
 * better) credential. Counters come from this process's registry; the outbox figures are read
 * from the database at scrape time, so every process reports the same queue.
 */
export const metricsRoutes = new Hono<AppEnv>()

metricsRoutes.get('/metrics', requireScope('read'), async (c) => {
  const deps = c.get('deps')
  const now = deps.now()
  const [depths, failures, lastSuccess] = await Promise.all([
    outboxDepthByTopic(deps.db),
    failedOutboxByTopic(deps.db),
    readSetting(deps.db, LAST_SUCCESS_KEY),
  ])
  const topics = ['mailchimp', 'host-webhook']
  const depthOf = (topic: string) => depths.find((row) => row.topic === topic)
  const gauges: GaugeFamily[] = [
    {
      name: 'prefcenter_outbox_depth',
      help: 'Outbox rows waiting to be delivered, by topic',
      series: topics.map((topic) => ({ labels: { topic }, value: depthOf(topic)?.depth ?? 0 })),
    },
    {
      name: 'prefcenter_outbox_oldest_age_seconds',
      help: 'Age of the oldest waiting outbox row, by topic (0 when none waits)',
      series: topics.map((topic) => {
        const oldest = depthOf(topic)?.oldestCreatedAt
        return { labels: { topic }, value: oldest ? Math.max(0, (now - oldest) / 1000) : 0 }
      }),
    },
    {
      name: 'prefcenter_outbox_failed',
      help: 'Outbox rows that failed for good, by topic',
      series: topics.map((topic) => ({
        labels: { topic },
        value: failures.find((row) => row.topic === topic)?.failed ?? 0,
      })),
    },
    {
      name: 'prefcenter_mailchimp_last_success_timestamp_seconds',
      help: 'When a change last reached Mailchimp (0: never)',
      series: [{ labels: {}, value: lastSuccess ? Number(lastSuccess) / 1000 : 0 }],
    },
  ]
  const metrics = deps.metrics ?? new MetricsRegistry()
  c.header('Content-Type', 'text/plain; version=0.0.4; charset=utf-8')
  return c.body(metrics.render(gauges))
})
