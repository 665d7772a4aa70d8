/**
 * Line capacity by time of day (R2), as pure functions: no database, no clock.
 *
 * A window runs from `startsAt` (included) to `endsAt` (excluded), local time in the business time zone. When
 * `endsAt` ≤ `startsAt` it wraps midnight (18:00 → 07:00); equal times mean the whole day. `daysOfWeek` (0 = Sunday)
 * names the days a window *starts* on: a Monday 18:00 → 07:00 window still covers Tuesday 03:00. null = every day.
 *
 * Overlaps — when several active windows cover an instant, the one that applies is:
 *   1. a window for named days beats an every-day window (a Sunday rule overrides the weekly default);
 *   2. then the window that started most recently (a lunch window 11:30–13:30 inside 07:00–18:00 wins while it runs);
 *   3. then the lower capacity (deterministic, and the safer side).
 * No window covering the instant → `fallback`.
 */
export interface CapacityWindow {
  /** "HH:MM" or "HH:MM:SS" (PostgreSQL `time`). */
  startsAt: string;
  endsAt: string;
  capacity: number;
  daysOfWeek?: number[] | null;
  name?: string;
}

/** R2's default: 15 lines from 07:00 to 18:00, 2 lines from 18:00 to 07:00. Used while the table is empty. */
export const defaultCapacityWindows: readonly CapacityWindow[] = [
  { name: 'Giờ hành chính', startsAt: '07:00', endsAt: '18:00', capacity: 15, daysOfWeek: null },
  { name: 'Ngoài giờ', startsAt: '18:00', endsAt: '07:00', capacity: 2, daysOfWeek: null },
];

export interface CapacityDecision {
  capacity: number;
  /** The window that applies, or null for the fallback. */
  window: CapacityWindow | null;
}

const minutesPerDay = 24 * 60;

export function minutesOf(time: string): number {
  const match = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(time);
  if (!match) throw new Error(`invalid time of day "${time}"`);
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  if (hours > 24 || minutes > 59) throw new Error(`invalid time of day "${time}"`);
  return (hours * 60 + minutes) % minutesPerDay;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Local weekday (0 = Sunday) and minute of the day of an instant in a time zone. */
export function localTime(date: Date, timeZone: string): { weekday: number; minute: number } {
  // A formatter costs ~0.2 ms to build and runs at every arrival and wallboard delta: one per zone, kept.
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(date);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday'));
  return { weekday, minute: (Number(get('hour')) % 24) * 60 + Number(get('minute')) };
}

/** Minutes since the window last started, if it covers (weekday, minute); undefined otherwise. */
function minutesSinceStart(window: CapacityWindow, weekday: number, minute: number): number | undefined {
  const start = minutesOf(window.startsAt);
  const end = minutesOf(window.endsAt);
  const allowed = (day: number) => !window.daysOfWeek || window.daysOfWeek.length === 0 || window.daysOfWeek.includes(day);
  const yesterday = (weekday + 6) % 7;
  if (start === end) {
    if (minute >= start && allowed(weekday)) return minute - start;
    if (minute < start && allowed(yesterday)) return minute + minutesPerDay - start;
    return undefined;
  }
  if (start < end) return minute >= start && minute < end && allowed(weekday) ? minute - start : undefined;
  // wraps midnight
  if (minute >= start && allowed(weekday)) return minute - start;
  if (minute < end && allowed(yesterday)) return minute + minutesPerDay - start;
  return undefined;
}

/** The capacity that applies at `date` (see the overlap rule above). */
export function capacityAt(windows: readonly CapacityWindow[], date: Date, timeZone: string, fallback: number): CapacityDecision {
  const { weekday, minute } = localTime(date, timeZone);
  let best: { window: CapacityWindow; specific: boolean; since: number } | undefined;
  for (const window of windows) {
    const since = minutesSinceStart(window, weekday, minute);
    if (since === undefined) continue;
    const specific = Boolean(window.daysOfWeek && window.daysOfWeek.length > 0);
    const better =
      !best ||
      (specific && !best.specific) ||
      (specific === best.specific && (since < best.since || (since === best.since && window.capacity < best.window.capacity)));
    if (better) best = { window, specific, since };
  }
  return best ? { capacity: best.window.capacity, window: best.window } : { capacity: fallback, window: null };
}
