import { setTimeout as sleep } from 'node:timers/promises';
import { databaseUnavailability } from './availability.js';

/**
 * Writes behind the work they record (issue 6): run in order per key (a call, an operator), concurrently across keys,
 * so nobody waits for a commit unless they ask to (`flushed`). A write that fails rejects its own promise only: the
 * key's next writes still run.
 *
 * A write that fails because the database is unreachable or full (issue 12: PostgreSQL stopped, the connection lost,
 * PGlite's queue full) is run again, after 100 ms, then longer up to `maxRetryDelayMs`, until it succeeds: the calls
 * go on in Asterisk meanwhile and their records are written, in order, once the database is back. A shutdown during
 * an outage ends with the server's forced exit; the next start reconciles the calls with Asterisk (R23).
 */
export class WriteQueue {
  /** Per key: the last write queued (settles, never rejects); gone once it has settled. */
  readonly #tails = new Map<string, Promise<void>>();
  readonly #maxRetryDelayMs: number;

  constructor(options: { maxRetryDelayMs?: number } = {}) {
    this.#maxRetryDelayMs = options.maxRetryDelayMs ?? 1_000;
  }

  /** Runs `write` after the key's earlier writes; resolves or rejects as `write` does (retried through an outage). */
  run<T>(key: string, write: () => Promise<T>): Promise<T> {
    const run = (this.#tails.get(key) ?? Promise.resolve()).then(() => this.#untilAvailable(write));
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return run;
  }

  /** Resolves when the writes queued so far (of one key, or of every key) have settled. */
  async flushed(key?: string): Promise<void> {
    if (key !== undefined) {
      await this.#tails.get(key);
      return;
    }
    while (this.#tails.size > 0) await Promise.all([...this.#tails.values()]);
  }

  async #untilAvailable<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (error) {
        if (!databaseUnavailability(error)) throw error;
        await sleep(Math.min(this.#maxRetryDelayMs, 100 * 2 ** Math.min(attempt, 10)));
      }
    }
  }
}
