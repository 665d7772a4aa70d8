/**
 * Virtual clock and timer registry for the fake Asterisk.
 *
 * Time is real time plus an offset that tests may advance (`advance(ms)`), so
 * event timestamps and recording durations can jump forward without waiting.
 * Every timer goes through the Scheduler so `close()` can clear them all.
 */

export class Clock {
  private offsetMs = 0;

  now(): number {
    return Date.now() + this.offsetMs;
  }

  advance(ms: number): void {
    this.offsetMs += ms;
  }
}

/** Asterisk's timestamp format: `2026-11-22T13:26:26.086+0000` (UTC, no colon in the offset). */
export function asteriskTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', '+0000');
}

export type TimerHandle = { readonly id: number };

export class Scheduler {
  private nextId = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  constructor(private readonly onError: (error: unknown) => void) {}

  after(ms: number, fn: () => void): TimerHandle {
    const id = this.nextId++;
    const timer = setTimeout(() => {
      this.timers.delete(id);
      try {
        fn();
      } catch (error) {
        this.onError(error);
      }
    }, Math.max(0, ms));
    this.timers.set(id, timer);
    return { id };
  }

  cancel(handle: TimerHandle | undefined): void {
    if (!handle) return;
    const timer = this.timers.get(handle.id);
    if (timer) clearTimeout(timer);
    this.timers.delete(handle.id);
  }

  /** Resolves after `ms`; the timer is tracked like any other. */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.after(ms, resolve);
    });
  }

  clearAll(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }

  get pending(): number {
    return this.timers.size;
  }
}
