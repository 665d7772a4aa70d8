/**
 * Times of day typed the Vietnamese way: 24 h, "HH:mm" (07:30, 17:00), never AM/PM whatever the browser's locale.
 * Pure, for the time fields of web/shared/ui/TimeInput.tsx.
 */

/** "00:00" … "23:59". */
export const isTimeOfDay = (text: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(text);

/** "7:30", "730", "0730", "7h30", "7g30", "7.30", "7" → "07:30" / "07:00"; what is not a time stays as typed. */
export function normaliseTimeOfDay(text: string): string {
  const match = /^\s*(\d{1,2})(?:\s*[:hg.]\s*(\d{2})?)?\s*$/i.exec(text) ?? /^\s*(\d{1,2})(\d{2})\s*$/.exec(text);
  if (!match) return text;
  const time = `${match[1]!.padStart(2, '0')}:${match[2] ?? '00'}`;
  return isTimeOfDay(time) ? time : text;
}

/** A local date and time as `<input type="datetime-local">` had it: "2026-12-08T14:30". */
export const isLocalDateTime = (text: string): boolean => /^\d{4}-\d{2}-\d{2}T/.test(text) && isTimeOfDay(text.slice(11));

/** The two halves of a local date-time ("" when absent); the time as typed. */
export function splitLocalDateTime(value: string): { date: string; time: string } {
  const [date = '', time = ''] = value.split('T');
  return { date, time };
}

/** "" when both are empty, else "date T time" as typed: isLocalDateTime tells whether it is whole. */
export const joinLocalDateTime = (date: string, time: string): string => (date || time ? `${date}T${time}` : '');
