/**
 * Checks of a line capacity schedule (R2) before it is saved, and its preview; pure, no clock, no database.
 *
 * A schedule is checked on the week: every active window covers, on each day it starts on, the minutes from its
 * start to its end (the next day's when it wraps midnight; the whole day when start = end). Two windows that cover
 * a same minute of the week **overlap**: refused, naming both and where. Minutes no window covers are **gaps**:
 * allowed (LINE_CAPACITY_FALLBACK applies there) but reported, so the admin sees them.
 */
import { capacityAt, minutesOf, type CapacityWindow } from './schedule.js';

const minutesPerDay = 24 * 60;
const minutesPerWeek = 7 * minutesPerDay;

export const weekdayNames = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

/** A stretch of the week, [start, end) in minutes from Sunday 00:00. */
export interface WeekSpan {
  start: number;
  end: number;
}

export interface NamedWindow extends CapacityWindow {
  id?: string;
  name: string;
  active?: boolean;
}

/** The minutes of the week a window covers (several spans: one per day it starts on, split at the week's end). */
export function weekSpans(window: CapacityWindow): WeekSpan[] {
  const start = minutesOf(window.startsAt);
  const end = minutesOf(window.endsAt);
  const length = end > start ? end - start : end + minutesPerDay - start; // wraps midnight; equal = 24 h
  const days = window.daysOfWeek && window.daysOfWeek.length > 0 ? [...new Set(window.daysOfWeek)] : [0, 1, 2, 3, 4, 5, 6];
  const spans: WeekSpan[] = [];
  for (const day of days) {
    const from = day * minutesPerDay + start;
    const to = from + length;
    if (to <= minutesPerWeek) spans.push({ start: from, end: to });
    else spans.push({ start: from, end: minutesPerWeek }, { start: 0, end: to - minutesPerWeek });
  }
  return spans;
}

/** "Thứ Hai 17:00–18:00" for a span of the week (a span across midnight names both days). */
export function describeSpan(span: WeekSpan): string {
  const clock = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
  const day = (minute: number) => weekdayNames[Math.floor(minute / minutesPerDay) % 7];
  const firstDay = Math.floor(span.start / minutesPerDay);
  const lastDay = Math.floor((span.end - 1) / minutesPerDay);
  if (firstDay === lastDay) return `${day(span.start)} ${clock(span.start % minutesPerDay)}–${clock(span.end - firstDay * minutesPerDay)}`;
  return `${day(span.start)} ${clock(span.start % minutesPerDay)} – ${day(span.end)} ${clock(span.end % minutesPerDay)}`;
}

export interface Overlap {
  first: string;
  second: string;
  firstId?: string | undefined;
  secondId?: string | undefined;
  /** Where they overlap, e.g. "Thứ Hai 17:00–18:00" (the first place found). */
  where: string;
}

/** Every pair of windows that cover a same minute of the week. */
export function findOverlaps(windows: readonly NamedWindow[]): Overlap[] {
  const spans = windows.map((w) => weekSpans(w));
  const overlaps: Overlap[] = [];
  for (let i = 0; i < windows.length; i++) {
    for (let j = i + 1; j < windows.length; j++) {
      const common = firstCommon(spans[i] ?? [], spans[j] ?? []);
      if (!common) continue;
      const a = windows[i] as NamedWindow;
      const b = windows[j] as NamedWindow;
      overlaps.push({ first: a.name, second: b.name, firstId: a.id, secondId: b.id, where: describeSpan(common) });
    }
  }
  return overlaps;
}

function firstCommon(a: readonly WeekSpan[], b: readonly WeekSpan[]): WeekSpan | undefined {
  let best: WeekSpan | undefined;
  for (const x of a) {
    for (const y of b) {
      const start = Math.max(x.start, y.start);
      const end = Math.min(x.end, y.end);
      if (start < end && (!best || start < best.start)) best = { start, end };
    }
  }
  return best;
}

/** The stretches of the week no window covers, merged, as "Chủ nhật 00:00–07:00". */
export function findGaps(windows: readonly CapacityWindow[]): WeekSpan[] {
  const covered = windows.flatMap((w) => weekSpans(w)).sort((a, b) => a.start - b.start);
  const gaps: WeekSpan[] = [];
  let cursor = 0;
  for (const span of covered) {
    if (span.start > cursor) gaps.push({ start: cursor, end: span.start });
    cursor = Math.max(cursor, span.end);
  }
  if (cursor < minutesPerWeek) gaps.push({ start: cursor, end: minutesPerWeek });
  // A gap at the week's end and one at its start are one gap (Saturday night into Sunday morning).
  const first = gaps[0];
  const last = gaps[gaps.length - 1];
  if (gaps.length > 1 && first && last && first.start === 0 && last.end === minutesPerWeek) {
    gaps.shift();
    gaps[gaps.length - 1] = { start: last.start, end: minutesPerWeek + first.end };
  }
  return gaps;
}

export interface CapacitySegment {
  from: Date;
  to: Date;
  capacity: number;
  /** The window's name, or null where LINE_CAPACITY_FALLBACK applies. */
  window: string | null;
}

/**
 * The capacity from `from` for `hours`, as segments of equal capacity and window, computed with the very function
 * arrivals use (capacityAt), minute by minute.
 */
export function capacityTimeline(windows: readonly CapacityWindow[], from: Date, hours: number, timeZone: string, fallback: number): CapacitySegment[] {
  const start = Math.floor(from.getTime() / 60_000) * 60_000;
  const end = from.getTime() + hours * 3_600_000;
  const segments: CapacitySegment[] = [];
  for (let t = start; t < end; t += 60_000) {
    const decision = capacityAt(windows, new Date(t), timeZone, fallback);
    const name = decision.window?.name ?? null;
    const last = segments[segments.length - 1];
    if (last && last.capacity === decision.capacity && last.window === name) last.to = new Date(Math.min(t + 60_000, end));
    else segments.push({ from: new Date(Math.max(t, from.getTime())), to: new Date(Math.min(t + 60_000, end)), capacity: decision.capacity, window: name });
  }
  return segments;
}
