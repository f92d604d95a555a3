/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Organization } from '../../src/config.js'

/**
 * Who sends, as ORGANIZATION_NAME and ORGANIZATION_ADDRESS say: the name in bold and the postal
 * address under it; nothing when neither is set. Every page's footer carries it, the console's
 * too.
 *
 * @example <OrganizationLine organization={{ name: 'IXO Oy', address: 'Mannerheimintie 1' }} />
 */
export function OrganizationLine({ organization }: { organization: Organization }) {
  if (organization.name)
    return (
      <p class="organization">
        <strong>{organization.name}</strong>
        {organization.address && (
          <>
            <br />
            {organization.address}
          </>
        )}
      </p>
    )
  if (organization.address) return <p class="organization">{organization.address}</p>
  return null
}
