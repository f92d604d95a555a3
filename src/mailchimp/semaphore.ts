/**
 * At most `limit` holders at once; the rest wait in order. Mailchimp allows 10 simultaneous
 * connections per API key, so every call of one gateway goes through one of these.
 *
 * @example const gate = new Semaphore(10); await gate.run(() => fetch(url))
 */
export class Semaphore {
  private active = 0
  private readonly waiting: Array<() => void> = []

  constructor(readonly limit: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve))
    else this.active++
    try {
      return await work()
    } finally {
      const next = this.waiting.shift()
      // Hand the slot straight to the next waiter, so `active` never drops below the real count.
      if (next) next()
      else this.active--
    }
  }
}
