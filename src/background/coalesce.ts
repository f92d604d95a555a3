/** A pass that is never run twice at once (see `coalesce`). */
export interface CoalescedPass {
  /** Starts a pass, or, while one runs, asks for one more right after it. */
  wake(): void
  /** The pass running now, if any (a graceful stop waits for it). */
  readonly running: Promise<void> | undefined
}

/**
 * Coalesces wake-ups of a background pass: one pass at a time, and however many wake-ups come
 * while it runs, one more pass after it, so a change committed mid-pass is never left behind.
 * Shared by the Node job runner and the Worker (which hands each pass to `waitUntil`).
 *
 * @example const drain = coalesce(() => job.run(deps), { start: deps.defer }); drain.wake()
 */
export function coalesce(
  pass: () => Promise<unknown>,
  options: { start?: (work: Promise<void>) => void; stopped?: () => boolean } = {},
): CoalescedPass {
  let running: Promise<void> | undefined
  let again = false
  return {
    wake() {
      if (options.stopped?.()) return
      if (running) {
        again = true
        return
      }
      running = (async () => {
        do {
          again = false
          await pass()
        } while (again && !options.stopped?.())
      })().finally(() => {
        running = undefined
      })
      options.start?.(running)
    },
    get running() {
      return running
    },
  }
}
