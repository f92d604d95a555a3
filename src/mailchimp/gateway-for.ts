import type { MetricsRegistry } from '../metrics/registry.js'
import type { MailchimpGateway } from './gateway.js'
import { meteredGateway } from './metered-gateway.js'

/**
 * The gateway of these deps (`buildDeps` sets `deps.mailchimp` exactly when Mailchimp is
 * configured, or a test hands in its own), counted for /metrics when the deps carry a registry
 * (the app's do). Undefined when Mailchimp is not configured.
 *
 * @example const gateway = gatewayFor(deps)
 */
export function gatewayFor(deps: {
  mailchimp?: MailchimpGateway
  metrics?: MetricsRegistry
}): MailchimpGateway | undefined {
  const gateway = deps.mailchimp
  return gateway && deps.metrics ? meteredGateway(gateway, deps.metrics) : gateway
}
