import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from 'typebox';
import { and, asc, eq, gte, lte } from 'drizzle-orm';
import { configChange, recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import { createWorkingCalendar, defaultWeeklyHours, formatIsoDate, vietnamPublicHolidays, type WeeklyHours } from '../calendar/index.js';
import { calendarDays, workCalendars } from '../db/schema/index.js';
import { errorResponses, notFound } from '../web/errors.js';
import { DateTime, Uuid } from '../web/schemas.js';
import { changeCalendar, dayView, daysOf, decisionDays, findCalendar, makeDefault, requireRealDates, requireValidCalendar, type CalendarRow } from './calendar-admin.js';
import { toWorkingCalendar } from './calendar-store.js';

const tags = ['calendars'];
const readers = ['admin', 'supervisor'] as const;

const Clock = Type.String({ pattern: '^(([01][0-9]|2[0-3]):[0-5][0-9]|24:00)$', maxLength: 5, description: 'HH:MM (end may be 24:00)' });
const Interval = Type.Object({ start: Clock, end: Clock }, { additionalProperties: false });
const Intervals = Type.Array(Interval, { maxItems: 6 });
const WeeklyHoursSchema = Type.Object(
  { '0': Intervals, '1': Intervals, '2': Intervals, '3': Intervals, '4': Intervals, '5': Intervals, '6': Intervals },
  { additionalProperties: false, description: 'office hours per weekday, "0" = Sunday … "6" = Saturday; [] = closed' },
);
const IsoDate = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}-[0-9]{2}$', maxLength: 10, description: 'YYYY-MM-DD' });
const DayName = Type.String({ minLength: 1, maxLength: 200 });
const DayKind = Type.Enum(['holiday', 'compensatory', 'day_off', 'working_day'], {
  description: 'holiday (lễ, Tết), compensatory (nghỉ bù), day_off (extra day off), working_day (a swapped working day, e.g. a Saturday)',
});
const Year = Type.Integer({ minimum: 1970, maximum: 2199 });

const Day = Type.Object({ date: IsoDate, kind: DayKind, name: DayName, hours: Type.Union([Intervals, Type.Null()], { description: 'working_day only: its hours; null = Monday hours' }) });
export const CalendarView = Type.Object(
  {
    id: Uuid,
    code: Type.String({ maxLength: 64 }),
    name: Type.String({ maxLength: 200 }),
    timeZone: Type.String({ maxLength: 64 }),
    isDefault: Type.Boolean({ description: 'the calendar of deadline rules that name none' }),
    weeklyHours: WeeklyHoursSchema,
    updatedAt: DateTime,
    days: Type.Array(Day, { description: 'holidays and exceptions (of the year asked for, or all)' }),
  },
  { $id: 'WorkCalendar', title: 'Working calendar (R13)' },
);
export const MovedDeadlines = Type.Object(
  {
    count: Type.Integer({ minimum: 0, maximum: 100_000_000, description: 'open tickets whose deadline moves' }),
    sample: Type.Array(
      Type.Object({
        ticketId: Uuid,
        receiptCode: Type.String({ maxLength: 64 }),
        status: Type.String({ maxLength: 20 }),
        agencyId: Type.Union([Uuid, Type.Null()]),
        before: DateTime,
        after: DateTime,
      }),
      { description: 'the first 20, earliest deadline first' },
    ),
  },
  { $id: 'MovedDeadlines', description: "open tickets counting working hours on this calendar get the new deadline, logged in each ticket's processing log" },
);
export const Changed = Type.Object({
  calendar: CalendarView,
  deadlines: MovedDeadlines,
  saved: Type.Boolean({ description: 'false for a preview (?preview=true): nothing was saved' }),
});
const Preview = Type.Object({ preview: Type.Boolean({ default: false, description: 'true: answer what would change, save nothing' }) });
const Params = Type.Object({ id: Uuid });

const weeklyOf = (value: unknown): Static<typeof WeeklyHoursSchema> => {
  const source = (value ?? {}) as Record<string, Static<typeof Intervals> | undefined>;
  return { '0': source['0'] ?? [], '1': source['1'] ?? [], '2': source['2'] ?? [], '3': source['3'] ?? [], '4': source['4'] ?? [], '5': source['5'] ?? [], '6': source['6'] ?? [] };
};
const toWeekly = (w: Static<typeof WeeklyHoursSchema>): WeeklyHours => ({ 0: w['0'], 1: w['1'], 2: w['2'], 3: w['3'], 4: w['4'], 5: w['5'], 6: w['6'] });
const auditable = (c: CalendarRow) => ({ name: c.name, timeZone: c.timeZone, isDefault: c.isDefault, weeklyHours: c.weeklyHours });

/**
 * Working calendars (R13): weekly office hours, holidays, compensatory days, extra days off and swapped working
 * days; a government decision for a year applied in one request; the default Vietnamese holidays. Every change
 * recomputes the open tickets' working-hours deadlines on the calendar (logged in each ticket) and is audited with
 * before/after; `?preview=true` answers the same without saving.
 */
export const calendarRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const timeZone = app.env.BUSINESS_TZ;
  const view = async (row: CalendarRow, year?: number): Promise<Static<typeof CalendarView>> => ({
    id: row.id,
    code: row.code,
    name: row.name,
    timeZone: row.timeZone,
    isDefault: row.isDefault,
    weeklyHours: weeklyOf(row.weeklyHours),
    updatedAt: row.updatedAt.toISOString(),
    days: (await daysOf(app.db, row.id, year)).map(dayView),
  });
  const optionsOf = (request: { ip: string }, principal: ReturnType<typeof principalOf>, action: string, preview: boolean) => ({ actor: principal, ip: request.ip, action, preview, timeZone });

  app.get(
    '',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Working calendars with their days of a year (default: this year in BUSINESS_TZ)',
        querystring: Type.Object({ year: Type.Optional(Year) }),
        response: { 200: Type.Object({ items: Type.Array(CalendarView) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const year = request.query.year ?? Number(new Intl.DateTimeFormat('en', { timeZone, year: 'numeric' }).format(new Date()));
      const rows = await app.db.select().from(workCalendars).orderBy(asc(workCalendars.code));
      return { items: await Promise.all(rows.map((r) => view(r, year))) };
    },
  );

  app.get(
    '/public-holidays/:year',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: "The default Vietnamese public holidays of a year (Labour Code art. 112, lunar Tết and Giỗ Tổ, nghỉ bù): a decision's starting point",
        params: Type.Object({ year: Year }),
        response: { 200: Type.Object({ year: Year, items: Type.Array(Type.Object({ date: IsoDate, kind: DayKind, name: DayName })) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ year: request.params.year, items: vietnamPublicHolidays(request.params.year).map((h) => ({ date: h.date, kind: h.kind, name: h.name })) }),
  );

  app.get(
    '/:id',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'One calendar with its days (of a year, or all)',
        params: Params,
        querystring: Type.Object({ year: Type.Optional(Year) }),
        response: { 200: CalendarView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => view(await findCalendar(app.db, request.params.id), request.query.year),
  );

  app.post(
    '',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Create a calendar (default office hours Mon–Fri 07:30–11:30, 13:00–17:00) with the default holidays of the years given',
        body: Type.Object(
          {
            code: Type.String({ pattern: '^[a-z0-9-]{2,64}$', maxLength: 64 }),
            name: Type.String({ minLength: 1, maxLength: 200 }),
            weeklyHours: Type.Optional(WeeklyHoursSchema),
            isDefault: Type.Optional(Type.Literal(true)),
            holidayYears: Type.Optional(Type.Array(Year, { maxItems: 10, uniqueItems: true, description: 'years whose default public holidays are added' })),
          },
          { additionalProperties: false },
        ),
        response: { 201: CalendarView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const weekly = body.weeklyHours ?? weeklyOf(defaultWeeklyHours());
      requireValidCalendar(createWorkingCalendar({ timeZone, weeklyHours: toWeekly(weekly) }));
      const principal = principalOf(request);
      const row = await app.db.transaction(async (tx) => {
        const [created] = await tx.insert(workCalendars).values({ code: body.code, name: body.name, timeZone, weeklyHours: weekly }).returning();
        if (!created) throw new Error('insert returned no row');
        const days = (body.holidayYears ?? []).flatMap((y) => vietnamPublicHolidays(y).map((h) => ({ calendarId: created.id, date: h.date, kind: h.kind, name: h.name })));
        if (days.length > 0) await tx.insert(calendarDays).values(days);
        if (body.isDefault) await makeDefault(tx, created.id);
        await recordAudit(tx, { actor: principal, action: 'calendar.create', entityType: 'work_calendar', entityId: created.id, ip: request.ip, details: { ...configChange(null, auditable(created)), holidayYears: body.holidayYears ?? [] } });
        return findCalendar(tx, created.id);
      });
      return reply.status(201).send(await view(row));
    },
  );

  app.patch(
    '/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Change the office hours or the name, or make it the default calendar; open tickets’ deadlines follow',
        params: Params,
        querystring: Preview,
        body: Type.Object(
          { name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })), weeklyHours: Type.Optional(WeeklyHoursSchema), isDefault: Type.Optional(Type.Literal(true)) },
          { minProperties: 1, additionalProperties: false },
        ),
        response: { 200: Changed, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { isDefault, ...patch } = request.body;
      const outcome = await changeCalendar(app.db, request.params.id, optionsOf(request, principalOf(request), 'calendar.update', request.query.preview), async (tx, current) => {
        if (patch.weeklyHours || patch.name) await tx.update(workCalendars).set({ ...patch, updatedAt: new Date() }).where(eq(workCalendars.id, current.id));
        if (isDefault) await makeDefault(tx, current.id);
        const updated = await findCalendar(tx, current.id);
        return { result: null, details: configChange(auditable(current), auditable(updated)) };
      });
      return { calendar: await viewOf(outcome.calendar), deadlines: outcome.deadlines, saved: outcome.saved };
    },
  );

  /** The calendar answered after a change: its fields as changed (also in a preview), its days as stored. */
  const viewOf = async (row: CalendarRow) => view(row);

  app.put(
    '/:id/days/:date',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Set one day: a holiday, a compensatory day, an extra day off or a swapped working day',
        params: Type.Object({ id: Uuid, date: IsoDate }),
        querystring: Preview,
        body: Type.Object({ kind: DayKind, name: DayName, hours: Type.Optional(Intervals) }, { additionalProperties: false }),
        response: { 200: Changed, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { date } = request.params;
      const { kind, name, hours } = request.body;
      requireRealDates([date]);
      const outcome = await changeCalendar(app.db, request.params.id, optionsOf(request, principalOf(request), 'calendar.day_set', request.query.preview), async (tx, current) => {
        const [before] = await tx.select().from(calendarDays).where(and(eq(calendarDays.calendarId, current.id), eq(calendarDays.date, date)));
        const values = { kind, name, hours: kind === 'working_day' ? (hours ?? null) : null };
        requireValidCalendar(createWorkingCalendar({ timeZone, holidays: [date], extraWorkingDays: values.hours ? [{ date, hours: values.hours }] : [] }));
        await tx.insert(calendarDays).values({ calendarId: current.id, date, ...values }).onConflictDoUpdate({ target: [calendarDays.calendarId, calendarDays.date], set: values });
        return { result: null, details: { date, ...configChange(before ? dayView(before) : null, { date, ...values }) } };
      });
      return { calendar: await viewOf(outcome.calendar), deadlines: outcome.deadlines, saved: outcome.saved };
    },
  );

  app.delete(
    '/:id/days/:date',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Remove one day (it follows the weekly hours again)',
        params: Type.Object({ id: Uuid, date: IsoDate }),
        querystring: Preview,
        response: { 200: Changed, ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { date } = request.params;
      requireRealDates([date]);
      const outcome = await changeCalendar(app.db, request.params.id, optionsOf(request, principalOf(request), 'calendar.day_delete', request.query.preview), async (tx, current) => {
        const [removed] = await tx.delete(calendarDays).where(and(eq(calendarDays.calendarId, current.id), eq(calendarDays.date, date))).returning();
        if (!removed) throw notFound(`ngày ${date} trong lịch`);
        return { result: null, details: { date, ...configChange(dayView(removed), null) } };
      });
      return { calendar: await viewOf(outcome.calendar), deadlines: outcome.deadlines, saved: outcome.saved };
    },
  );

  app.post(
    '/:id/years/:year',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: "Apply the government's decision for a year: its holidays, extra days off and swapped working days replace the year's days",
        description:
          'holidays: the year’s holidays and compensatory days (absent = the default Vietnamese list, GET /public-holidays/{year}); daysOff: extra days ' +
          'off decided (bridges); workingDays: Saturdays worked in exchange. Dates must be in the year, each once (400 DATE_OUTSIDE_YEAR, ' +
          'DUPLICATE_DATE). Open tickets’ working-hours deadlines are recomputed and logged; ?preview=true shows which would move without saving.',
        params: Type.Object({ id: Uuid, year: Year }),
        querystring: Preview,
        body: Type.Object(
          {
            holidays: Type.Optional(Type.Array(Type.Object({ date: IsoDate, kind: Type.Enum(['holiday', 'compensatory', 'day_off']), name: DayName }, { additionalProperties: false }), { maxItems: 100 })),
            daysOff: Type.Optional(Type.Array(Type.Object({ date: IsoDate, name: DayName }, { additionalProperties: false }), { maxItems: 100 })),
            workingDays: Type.Optional(Type.Array(Type.Object({ date: IsoDate, name: DayName, hours: Type.Optional(Intervals) }, { additionalProperties: false }), { maxItems: 60 })),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ ...Changed.properties, year: Year, days: Type.Array(Day) }), ...errorResponses(400, 401, 403, 404, 422) },
      },
    },
    async (request) => {
      const { year } = request.params;
      const days = decisionDays(year, request.body);
      const outcome = await changeCalendar(app.db, request.params.id, optionsOf(request, principalOf(request), 'calendar.year_apply', request.query.preview), async (tx, current) => {
        const before = (await daysOf(tx, current.id, year)).map(dayView);
        await tx.delete(calendarDays).where(and(eq(calendarDays.calendarId, current.id), gte(calendarDays.date, formatIsoDate(year, 1, 1)), lte(calendarDays.date, formatIsoDate(year, 12, 31))));
        if (days.length > 0) await tx.insert(calendarDays).values(days.map((d) => ({ calendarId: current.id, date: d.date, kind: d.kind, name: d.name, hours: d.hours ?? null })));
        const after = (await daysOf(tx, current.id, year)).map(dayView);
        requireValidCalendar(toWorkingCalendar(current, await daysOf(tx, current.id, year)));
        return { result: after, details: { year, fields: ['days'], before: { days: before }, after: { days: after } } };
      });
      return { calendar: await viewOf(outcome.calendar).then((c) => ({ ...c, days: c.days.filter((d) => d.date.startsWith(`${year}-`)) })), deadlines: outcome.deadlines, saved: outcome.saved, year, days: outcome.result.map((d) => ({ ...d })) };
    },
  );
};
