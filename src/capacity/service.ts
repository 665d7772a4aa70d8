import type { FastifyBaseLogger } from 'fastify';
import type { Database } from '../db/client.js';
import { lineCapacitySchedules } from '../db/schema/index.js';
import type { ScheduledJob } from '../scheduler/plugin.js';
import { capacityAt, defaultCapacityWindows, type CapacityDecision, type CapacityWindow } from './schedule.js';

/** Sent to the `role:supervisor` room when the active capacity changes. */
export interface CapacityChangedV1 {
  capacity: number;
  previous: number | null;
  window: string | null;
  at: string;
}

export interface LineCapacityOptions {
  db: Database;
  timeZone: string;
  /** Capacity when no active window covers the instant (LINE_CAPACITY_FALLBACK). */
  fallback: number;
  log: FastifyBaseLogger;
  notify?: (event: CapacityChangedV1) => void;
  now?: () => Date;
}

/**
 * The line capacity (R2) from the line_capacity_schedules table (PostgreSQL is the truth). Read at every arrival,
 * so an admin's change applies to the next call; a node-cron job switches it each minute, logging and telling
 * supervisors when it changes. An empty table means R2's default schedule (15 by day, 2 by night).
 */
export class LineCapacity {
  #current: CapacityDecision | undefined;

  constructor(private readonly options: LineCapacityOptions) {}

  /** The capacity last switched to by refresh() (the wallboard's figure). */
  get current(): number | undefined {
    return this.#current?.capacity;
  }

  /** The windows last read, for readers that accept them a little old (the wall-board). */
  #recent: { readAt: number; windows: Promise<CapacityWindow[]> } | undefined;

  /** The business time zone and LINE_CAPACITY_FALLBACK, for previews. */
  get settings(): { timeZone: string; fallback: number } {
    return { timeZone: this.options.timeZone, fallback: this.options.fallback };
  }

  /**
   * The schedule was changed (admin API): forget the windows read for the wall-board, switch at once (supervisors
   * are told) rather than at the next minute. Arrivals read the table every time anyway.
   */
  async changed(): Promise<CapacityDecision> {
    this.#recent = undefined;
    return this.refresh();
  }

  async windows(): Promise<CapacityWindow[]> {
    const windows = this.#read();
    this.#recent = { readAt: Date.now(), windows };
    return windows;
  }

  async #read(): Promise<CapacityWindow[]> {
    const rows = await this.options.db
      .select({
        name: lineCapacitySchedules.name,
        startsAt: lineCapacitySchedules.startsAt,
        endsAt: lineCapacitySchedules.endsAt,
        capacity: lineCapacitySchedules.capacity,
        daysOfWeek: lineCapacitySchedules.daysOfWeek,
        active: lineCapacitySchedules.active,
      })
      .from(lineCapacitySchedules);
    if (rows.length === 0) return [...defaultCapacityWindows];
    return rows.filter((r) => r.active);
  }

  /**
   * The capacity that applies now. Arrivals read the schedule every time (an admin's change applies to the next
   * call); `maxAgeMs` lets a frequent reader (the wall-board, at every change) reuse windows read that recently.
   */
  async now(options: { maxAgeMs?: number } = {}): Promise<CapacityDecision> {
    const date = this.options.now?.() ?? new Date();
    const recent = this.#recent;
    const fresh = recent && options.maxAgeMs !== undefined && Date.now() - recent.readAt < options.maxAgeMs;
    const windows = fresh ? await recent.windows.catch(() => this.windows()) : await this.windows();
    return capacityAt(windows, date, this.options.timeZone, this.options.fallback);
  }

  /** Switches to the capacity that applies now; logs and notifies on change. */
  async refresh(): Promise<CapacityDecision> {
    const decision = await this.now();
    const previous = this.#current;
    this.#current = decision;
    if (previous?.capacity === decision.capacity && previous.window?.name === decision.window?.name) return decision;
    const window = decision.window?.name ?? null;
    this.options.log.info({ capacity: decision.capacity, previous: previous?.capacity ?? null, window }, 'line capacity switched');
    if (!decision.window) this.options.log.warn({ fallback: decision.capacity }, 'no capacity window covers now: using LINE_CAPACITY_FALLBACK');
    this.options.notify?.({
      capacity: decision.capacity,
      previous: previous?.capacity ?? null,
      window,
      at: (this.options.now?.() ?? new Date()).toISOString(),
    });
    return decision;
  }

  job(): ScheduledJob {
    return {
      name: 'capacity.switch',
      schedule: '* * * * *',
      run: async () => {
        await this.refresh();
      },
    };
  }
}
