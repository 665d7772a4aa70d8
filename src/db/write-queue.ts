/**
 * Writes behind the work they record (issue 6): run in order per key (a call, an operator), concurrently across keys,
 * so nobody waits for a commit unless they ask to (`flushed`). A write that fails rejects its own promise only: the
 * key's next writes still run.
 */
export class WriteQueue {
  /** Per key: the last write queued (settles, never rejects); gone once it has settled. */
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `write` after the key's earlier writes; resolves or rejects as `write` does. */
  run<T>(key: string, write: () => Promise<T>): Promise<T> {
    const run = (this.#tails.get(key) ?? Promise.resolve()).then(write);
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
}
