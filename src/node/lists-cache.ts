/**
 * Results of the reads of the `lists` table, which nearly every request makes (often twice)
 * and which changes only when staff edit a list. Entries are dropped when this connection runs
 * any statement that could write `lists` (including inside a transaction, and again when it
 * ends, for a rollback), and when `PRAGMA data_version` says another connection (the CLI,
 * another process) committed anything.
 *
 * @example
 * const rows = cache.get(sql, parameters) ?? cache.set(sql, parameters, statement.all(parameters))
 */
export class ListsCache {
  readonly #entries = new Map<string, Record<string, unknown>[]>()
  readonly #dataVersion: () => number
  #seenVersion: number | undefined

  /** `dataVersion` reads `PRAGMA data_version` on the connection whose reads are cached. */
  constructor(dataVersion: () => number) {
    this.#dataVersion = dataVersion
  }

  /** A plain read of the lists table alone (no join, no subquery, no lock). */
  static isListsRead(sql: string): boolean {
    return /^select [^()]* from "lists"(?: where [^()]*)?(?: order by [^()]*)?$/.test(sql)
  }

  /** Whether a statement that writes may touch the lists table (when unsure: yes). */
  static mayWriteLists(sql: string): boolean {
    return /\blists\b/i.test(sql)
  }

  /** A copy of the cached rows (callers may change the objects they get), or undefined. */
  get(sql: string, parameters: readonly unknown[]): Record<string, unknown>[] | undefined {
    const version = this.#dataVersion()
    if (version !== this.#seenVersion) {
      this.#entries.clear()
      this.#seenVersion = version
      return undefined
    }
    return this.#entries.get(key(sql, parameters))?.map((row) => ({ ...row }))
  }

  /** Keeps `rows` for the query and returns them. */
  set(
    sql: string,
    parameters: readonly unknown[],
    rows: Record<string, unknown>[],
  ): Record<string, unknown>[] {
    this.#entries.set(
      key(sql, parameters),
      rows.map((row) => ({ ...row })),
    )
    return rows
  }

  invalidate(): void {
    this.#entries.clear()
  }
}

const key = (sql: string, parameters: readonly unknown[]) => `${sql}\n${JSON.stringify(parameters)}`
