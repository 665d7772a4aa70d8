import { boolean, date, jsonb, pgEnum, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, updatedAt } from './columns.js';

/**
 * Office hours of state administrative offices, per province (R13).
 * weeklyHours: { "1": [{ "start": "07:30", "end": "11:30" }, …], … } keyed by day of week, 0 = Sunday.
 */
export const workCalendars = pgTable('work_calendars', {
  id: id(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  timeZone: text('time_zone').notNull().default('Asia/Ho_Chi_Minh'),
  weeklyHours: jsonb('weekly_hours').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const calendarDayKind = pgEnum('calendar_day_kind', [
  'holiday', // ngày lễ, Tết
  'compensatory', // nghỉ bù
  'day_off', // an extra day off decided by the province
  'working_day', // a swapped working day (e.g. a Saturday)
]);

/** Holidays and exceptions to the weekly hours. */
export const calendarDays = pgTable(
  'calendar_days',
  {
    id: id(),
    calendarId: uuid('calendar_id')
      .notNull()
      .references(() => workCalendars.id, { onDelete: 'cascade' }),
    date: date('date', { mode: 'string' }).notNull(),
    kind: calendarDayKind('kind').notNull(),
    name: text('name').notNull(),
    /** For working_day: the hours of that day; default the calendar's Monday hours. */
    hours: jsonb('hours'),
    createdAt: createdAt(),
  },
  (t) => [unique('calendar_days_calendar_date').on(t.calendarId, t.date)],
);
