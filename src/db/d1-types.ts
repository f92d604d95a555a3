/**
 * The slice of Cloudflare's D1 binding that Prefcenter uses, declared here so that the core
 * does not depend on `@cloudflare/workers-types`.
 */
export interface D1Result<T = Record<string, unknown>> {
  results?: T[]
  success: boolean
  meta?: { changes?: number; last_row_id?: number; [key: string]: unknown }
}

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement
  all<T = Record<string, unknown>>(): Promise<D1Result<T>>
  run<T = Record<string, unknown>>(): Promise<D1Result<T>>
}

export interface D1Database {
  prepare(query: string): D1PreparedStatement
  /** Runs the statements in one implicit transaction: all succeed or none is applied. */
  batch<T = Record<string, unknown>>(statements: D1PreparedStatement[]): Promise<D1Result<T>[]>
}
