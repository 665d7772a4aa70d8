/**
 * IANA time-zone arithmetic without depending on the process TZ.
 *
 * Offsets come from Intl.DateTimeFormat and are cached per zone and UTC day:
 * when a zone's offset is the same at both ends of a UTC day (always, for a
 * fixed-offset zone such as Asia/Ho_Chi_Minh) the whole day uses it without
 * calling Intl again. Only days containing a transition are resolved exactly.
 */
import { InvalidCalendarError } from './errors.js';
import { MS_PER_DAY, pad2, civilFromDayNumber, type CivilDate } from './civil-date.js';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** zone → UTC day number → offset (ms) valid for the whole day, or NaN when the day has a transition. */
const dayOffsets = new Map<string, Map<number, number>>();
const MAX_CACHED_DAYS = 20_000;

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        era: 'short',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      throw new InvalidCalendarError(`Unknown IANA time zone: ${JSON.stringify(timeZone)}`);
    }
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws InvalidCalendarError unless `timeZone` is a valid IANA zone name. */
export function assertTimeZone(timeZone: string): void {
  formatterFor(timeZone);
}

function exactOffsetMs(timeZone: string, ms: number): number {
  const fields: Record<string, string> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(ms))) fields[p.type] = p.value;
  let year = Number(fields.year);
  if (fields.era === 'BC' || fields.era === 'B') year = 1 - year;
  const d = new Date(0);
  d.setUTCFullYear(year, Number(fields.month) - 1, Number(fields.day));
  d.setUTCHours(Number(fields.hour), Number(fields.minute), Number(fields.second));
  const wholeSeconds = ms - (((ms % 1000) + 1000) % 1000);
  return d.getTime() - wholeSeconds;
}

/** Offset of `timeZone` from UTC at instant `ms`, in milliseconds (local = utc + offset). */
export function offsetMsAt(timeZone: string, ms: number): number {
  if (!Number.isFinite(ms)) throw new RangeError('Invalid Date');
  const utcDay = Math.floor(ms / MS_PER_DAY);
  let zoneCache = dayOffsets.get(timeZone);
  if (!zoneCache) {
    zoneCache = new Map();
    dayOffsets.set(timeZone, zoneCache);
  }
  let dayOffset = zoneCache.get(utcDay);
  if (dayOffset === undefined) {
    const atStart = exactOffsetMs(timeZone, utcDay * MS_PER_DAY);
    const atEnd = exactOffsetMs(timeZone, (utcDay + 1) * MS_PER_DAY - 1000);
    dayOffset = atStart === atEnd ? atStart : Number.NaN;
    if (zoneCache.size >= MAX_CACHED_DAYS) zoneCache.clear();
    zoneCache.set(utcDay, dayOffset);
  }
  return Number.isNaN(dayOffset) ? exactOffsetMs(timeZone, ms) : dayOffset;
}

/** Local day number (days since 1970-01-01) and milliseconds since local midnight of an instant. */
export function localDayAndTime(timeZone: string, ms: number): { dayNumber: number; msOfDay: number } {
  const local = ms + offsetMsAt(timeZone, ms);
  const dayNumber = Math.floor(local / MS_PER_DAY);
  return { dayNumber, msOfDay: local - dayNumber * MS_PER_DAY };
}

export function localDateOf(timeZone: string, ms: number): CivilDate {
  return civilFromDayNumber(localDayAndTime(timeZone, ms).dayNumber);
}

/**
 * Instant of a local wall-clock time. Ambiguous times (a DST fold) resolve to
 * the earlier instant; nonexistent times (a DST gap) move forward by the gap,
 * like Temporal's 'compatible' disambiguation.
 */
export function instantOfLocal(timeZone: string, dayNumber: number, msOfDay: number): number {
  const local = dayNumber * MS_PER_DAY + msOfDay;
  const before = offsetMsAt(timeZone, local - MS_PER_DAY);
  const after = offsetMsAt(timeZone, local + MS_PER_DAY);
  if (before === after) return local - before;
  const candidates = [local - before, local - after].filter((t, i) => offsetMsAt(timeZone, t) === (i === 0 ? before : after));
  return candidates.length > 0 ? Math.min(...candidates) : local - before;
}

/** ISO 8601 with the zone's offset, e.g. '2026-12-04T09:30:00+07:00' (milliseconds only when non-zero). */
export function formatInZone(date: Date, timeZone: string): string {
  const ms = date.getTime();
  const offset = offsetMsAt(timeZone, ms);
  const l = new Date(ms + offset);
  const year = l.getUTCFullYear();
  const yearText = year >= 0 && year <= 9999 ? String(year).padStart(4, '0') : (year < 0 ? '-' : '+') + String(Math.abs(year)).padStart(6, '0');
  const millis = l.getUTCMilliseconds();
  const fraction = millis === 0 ? '' : `.${String(millis).padStart(3, '0')}`;
  const time = `${pad2(l.getUTCHours())}:${pad2(l.getUTCMinutes())}:${pad2(l.getUTCSeconds())}${fraction}`;
  return `${yearText}-${pad2(l.getUTCMonth() + 1)}-${pad2(l.getUTCDate())}T${time}${formatOffset(offset)}`;
}

function formatOffset(offsetMs: number): string {
  const sign = offsetMs < 0 ? '-' : '+';
  const totalSeconds = Math.round(Math.abs(offsetMs) / 1000);
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const s = totalSeconds % 60;
  return `${sign}${pad2(h)}:${pad2(m)}${s === 0 ? '' : `:${pad2(s)}`}`;
}
