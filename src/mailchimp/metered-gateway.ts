import { countMailchimpCall } from '../metrics/instruments.js'
import type { MetricsRegistry } from '../metrics/registry.js'
import type { MailchimpGateway } from './gateway.js'

const wrapped = new WeakMap<MailchimpGateway, WeakMap<MetricsRegistry, MailchimpGateway>>()

/**
 * The same gateway, counting every call by operation and outcome in `metrics`. Kept per
 * (gateway, registry) pair so that every caller shares one wrapper.
 *
 * @example const gateway = meteredGateway(createSdkGateway(settings), deps.metrics)
 */
export function meteredGateway(
  gateway: MailchimpGateway,
  metrics: MetricsRegistry,
): MailchimpGateway {
  let byRegistry = wrapped.get(gateway)
  if (!byRegistry) {
    byRegistry = new WeakMap()
    wrapped.set(gateway, byRegistry)
  }
  const existing = byRegistry.get(metrics)
  if (existing) return existing
  const metered = new Proxy(gateway, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver)
      if (typeof value !== 'function' || typeof property !== 'string') return value
      return async (...args: unknown[]) => {
        try {
          const result = await value.apply(target, args)
          countMailchimpCall(metrics, property, 'ok')
          return result
        } catch (error) {
          countMailchimpCall(metrics, property, 'error')
          throw error
        }
      }
    },
  })
  byRegistry.set(metrics, metered)
  return metered
}
