import { DatabaseBusyError } from './availability.js';

export interface GateOptions {
  /** Operations waiting at most; one more is refused at once (503 DATABASE_BUSY). */
  maxWaiting: number;
  /** How long an operation may wait for its turn before it is refused (503 DATABASE_BUSY). */
  waitTimeoutMs: number;
}

/**
 * One operation at a time in front of the embedded database, with a bounded queue (issue 12). PGlite runs one query
 * or transaction at a time anyway; without a bound, 50 clients at once made ticket creation wait more than 10 s (and
 * clients time out while their request still commits). With it, waiting is bounded: an operation refused here is
 * answered 503 with Retry-After, and the write-behind queues retry it.
 */
export class DatabaseGate {
  readonly #options: GateOptions;
  readonly #waiting: Array<{ admit: () => void }> = [];
  #busy = false;

  constructor(options: GateOptions) {
    this.#options = options;
  }

  /** Runs `operation` when its turn comes, or rejects with DatabaseBusyError (queue full, or waited too long). */
  async run<T>(operation: () => Promise<T>): Promise<T> {
    await this.#turn();
    try {
      return await operation();
    } finally {
      this.#release();
    }
  }

  #turn(): Promise<void> {
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve();
    }
    if (this.#waiting.length >= this.#options.maxWaiting) return Promise.reject(new DatabaseBusyError('queue full'));
    return new Promise<void>((resolve, reject) => {
      const entry = {
        admit: () => {
          clearTimeout(timer);
          resolve();
        },
      };
      const timer = setTimeout(() => {
        const index = this.#waiting.indexOf(entry);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(new DatabaseBusyError('waited too long'));
      }, this.#options.waitTimeoutMs);
      this.#waiting.push(entry);
    });
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next.admit();
    else this.#busy = false;
  }
}
