import { createContext } from '#jsx/jsx-runtime'
import type { Organization } from '../src/config.js'

export interface PageContextValue {
  /** Who runs the service, for the footer. */
  organization: Organization
  /** The page the language links point to (`?lang=` is added), or undefined for none. */
  languagePath: string | undefined
}

/**
 * What every page of a request shares without each route passing it down: the footer's
 * organisation and where the language switcher points. Set once per request in `createApp`.
 */
export const PageContext = createContext<PageContextValue>({
  organization: { name: undefined, address: undefined },
  languagePath: undefined,
})
