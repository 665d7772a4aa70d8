/**
 * Deadline rules (R13): data, configurable per province and per field.
 */
import type { WorkingCalendar } from './calendar.js';
import { addClockHours, addWorkingHours } from './working-time.js';

export type DeadlineKind = 'clock_hours' | 'working_hours';

export interface DeadlineRule {
  id: string;
  name: string;
  /** clock_hours: elapsed wall time, calendar ignored; working_hours: office hours only. */
  kind: DeadlineKind;
  /** Positive; fractions allowed (0.5 = 30 minutes). */
  hours: number;
}

/** Due instant of a ticket received (or forwarded) at `start`. */
export function computeDueAt(rule: DeadlineRule, calendar: WorkingCalendar, start: Date): Date {
  if (!Number.isFinite(rule.hours) || rule.hours <= 0) {
    throw new RangeError(`Deadline rule ${rule.id}: hours must be a positive number, got ${rule.hours}`);
  }
  switch (rule.kind) {
    case 'clock_hours':
      return addClockHours(start, rule.hours);
    case 'working_hours':
      return addWorkingHours(calendar, start, rule.hours);
    default:
      throw new RangeError(`Deadline rule ${String((rule as { id?: unknown }).id)}: unknown kind`);
  }
}

/** The R13 rules named in the seed documents (Đồng Nai 2021, Thanh Hóa 2021), for seeding. */
export const R13_DEADLINE_RULES: readonly DeadlineRule[] = Object.freeze([
  { id: 'dong-nai-24h', name: 'Giải quyết trong 24 giờ kể từ khi tiếp nhận', kind: 'clock_hours', hours: 24 },
  { id: 'dong-nai-urgent-health-4h', name: 'Vấn đề y tế khẩn cấp: giải quyết trong 4 giờ', kind: 'clock_hours', hours: 4 },
  { id: 'thanh-hoa-result-4wh', name: 'Cập nhật kết quả sau khi trả lời qua điện thoại: 4 giờ làm việc', kind: 'working_hours', hours: 4 },
  { id: 'thanh-hoa-verify-8wh', name: 'Cần xác minh: trả lời trong 8 giờ làm việc', kind: 'working_hours', hours: 8 },
]);
