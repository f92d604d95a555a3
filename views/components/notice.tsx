/** @jsxRuntime automatic @jsxImportSource #jsx */
import type { Child } from '#jsx/jsx-runtime'

/** A status message announced to screen readers (saved, sent, and the like). */
export function Notice({ kind = 'info', children }: { kind?: 'info' | 'ok'; children?: Child }) {
  return (
    <p class={kind === 'ok' ? 'notice notice-ok' : 'notice'} role="status">
      {children}
    </p>
  )
}
