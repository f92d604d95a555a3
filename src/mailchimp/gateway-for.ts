import type { Config } from '../config.js'
import type { Deps } from '../deps.js'
import type { MetricsRegistry } from '../metrics/registry.js'
import type { MailchimpGateway } from './gateway.js'
import { meteredGateway } from './metered-gateway.js'
import { createSdkGateway } from './sdk-gateway.js'

const built = new WeakMap<object, MailchimpGateway>()

/**
 * The gateway of these deps: `deps.mailchimp` when an entry gave one, otherwise one built from
 * the configuration (and kept for that configuration, so its connection limit is shared by
 * every caller). Undefined when Mailchimp is not configured.
 *
 * @example const gateway = gatewayFor(deps)
 */
export function gatewayFor(
  deps: Pick<Deps, 'config'> & { mailchimp?: MailchimpGateway; metrics?: MetricsRegistry },
): MailchimpGateway | undefined {
  const gateway = baseGateway(deps)
  // Counted for /metrics when the deps carry a registry (the app's do).
  return gateway && deps.metrics ? meteredGateway(gateway, deps.metrics) : gateway
}

function baseGateway(
  deps: Pick<Deps, 'config'> & { mailchimp?: MailchimpGateway },
): MailchimpGateway | undefined {
  if (deps.mailchimp) return deps.mailchimp
  const settings: Config['mailchimp'] = deps.config.mailchimp
  if (!settings) return undefined
  let gateway = built.get(settings)
  if (!gateway) {
    gateway = createSdkGateway({ apiKey: settings.apiKey, apiUrl: settings.apiUrl })
    built.set(settings, gateway)
  }
  return gateway
}
