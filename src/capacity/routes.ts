import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { Type, type Static } from 'typebox';
import { asc, eq } from 'drizzle-orm';
import { configChange, recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import type { Executor } from '../db/client.js';
import { lineCapacitySchedules } from '../db/schema/index.js';
import { conflict, errorResponses, notFound } from '../web/errors.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import { capacityTimeline, describeSpan, findGaps, findOverlaps, type NamedWindow } from './checks.js';
import { defaultCapacityWindows } from './schedule.js';

const tags = ['line capacity'];
const readers = ['admin', 'supervisor'] as const;

const Clock = Type.String({ pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$', maxLength: 5, description: 'HH:MM, local time in BUSINESS_TZ' });
// Null first: with coerceTypes 'array', Ajv tried the array branch first and turned a null into [0] (Sunday only).
const Days = Type.Union([
  Type.Null(),
  Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), {
    minItems: 1,
    maxItems: 7,
    uniqueItems: true,
    description: 'the days the window starts on, 0 = Sunday … 6 = Saturday; null = every day',
  }),
]);
const Lines = Type.Integer({ minimum: 0, maximum: 10_000, description: 'calls answered at once' });
const Name = Type.String({ minLength: 1, maxLength: 100 });

export const CapacityWindowView = Type.Object(
  {
    id: Uuid,
    name: Name,
    daysOfWeek: Days,
    startsAt: Clock,
    endsAt: Type.String({ maxLength: 5, description: 'HH:MM; ≤ startsAt wraps midnight, = startsAt is the whole day' }),
    capacity: Lines,
    active: Type.Boolean(),
  },
  { $id: 'CapacityWindow', title: 'Line capacity window (R2)' },
);
type CapacityWindowView = Static<typeof CapacityWindowView>;

export const WindowBody = Type.Object(
  { name: Name, daysOfWeek: Type.Optional(Days), startsAt: Clock, endsAt: Clock, capacity: Lines, active: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
const WindowPatch = Type.Partial(WindowBody, { minProperties: 1, additionalProperties: false });

const Gap = Type.Object({ where: Type.String({ maxLength: 100, description: 'e.g. "Chủ nhật 00:00–07:00"' }) });
const Checked = {
  gaps: Type.Array(Gap, { description: 'times no active window covers: LINE_CAPACITY_FALLBACK applies there (a warning, not an error)' }),
  fallback: Type.Integer({ minimum: 0, maximum: 1_000_000, description: 'LINE_CAPACITY_FALLBACK' }),
};
export const ScheduleView = Type.Object({
  items: Type.Array(CapacityWindowView),
  usingDefault: Type.Boolean({ description: "true while no window is stored: R2's default (15 lines 07:00–18:00, 2 lines 18:00–07:00) applies" }),
  ...Checked,
});
const Segment = Type.Object({ from: DateTime, to: DateTime, capacity: Lines, window: Nullable(Name) });
export const Preview = Type.Object({
  now: Type.Object({ capacity: Lines, window: Nullable(Name) }),
  segments: Type.Array(Segment, { description: 'from now, the capacity in force, one segment per change' }),
  timeZone: Type.String({ maxLength: 64 }),
  ...Checked,
});

const toView = (row: typeof lineCapacitySchedules.$inferSelect): CapacityWindowView => ({
  id: row.id,
  name: row.name,
  daysOfWeek: row.daysOfWeek && row.daysOfWeek.length > 0 ? row.daysOfWeek : null,
  startsAt: row.startsAt.slice(0, 5),
  endsAt: row.endsAt.slice(0, 5),
  capacity: row.capacity,
  active: row.active,
});

const overlapError = (overlaps: ReturnType<typeof findOverlaps>) =>
  conflict(
    'CAPACITY_WINDOW_OVERLAP',
    `Khung giờ bị trùng: ${overlaps.map((o) => `“${o.first}” trùng với “${o.second}” (${o.where})`).join('; ')}. Mỗi thời điểm chỉ được thuộc một khung giờ.`,
  );

/**
 * The line capacity schedule (R2), edited by admins: windows of days, start, end and lines. Overlaps are refused
 * (409 naming the windows), gaps reported. Every change is audited with before/after and applies to the next call
 * (arrivals read the table; the wall-board's copy is dropped and supervisors are told at once). Lowering the
 * capacity never cuts a call in progress: it is checked at arrivals only.
 */
export const capacityRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const { timeZone, fallback } = app.lineCapacity.settings;
  const gapsOf = (windows: readonly NamedWindow[]) => findGaps(windows.filter((w) => w.active !== false)).map((span) => ({ where: describeSpan(span) }));

  const stored = async (db: Executor) => db.select().from(lineCapacitySchedules).orderBy(asc(lineCapacitySchedules.startsAt), asc(lineCapacitySchedules.name));

  /** The first window an admin writes turns R2's default into stored windows, so nothing else changes. */
  const materialiseDefault = async (db: Executor) => {
    const rows = await stored(db);
    if (rows.length > 0) return rows;
    await db.insert(lineCapacitySchedules).values(defaultCapacityWindows.map((w) => ({ name: w.name ?? 'Mặc định', startsAt: w.startsAt, endsAt: w.endsAt, capacity: w.capacity, daysOfWeek: null })));
    return stored(db);
  };

  const requireNoOverlap = (rows: ReadonlyArray<typeof lineCapacitySchedules.$inferSelect>) => {
    const overlaps = findOverlaps(rows.filter((r) => r.active).map((r) => ({ ...toView(r) })));
    if (overlaps.length > 0) throw overlapError(overlaps);
  };

  const schedule = async () => {
    const rows = await stored(app.db);
    const windows = rows.length > 0 ? rows.map(toView) : [];
    const effective: NamedWindow[] = rows.length > 0 ? windows : defaultCapacityWindows.map((w) => ({ ...w, name: w.name ?? '' }));
    return { items: windows, usingDefault: rows.length === 0, gaps: gapsOf(effective), fallback };
  };

  app.get(
    '/windows',
    {
      config: { access: readers },
      schema: { tags, summary: 'The line capacity schedule, with its gaps', response: { 200: ScheduleView, ...errorResponses(401, 403) } },
    },
    schedule,
  );

  app.get(
    '/preview',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'The capacity now and for the next hours (default 24), as arrivals will see it',
        querystring: Type.Object({ hours: Type.Integer({ minimum: 1, maximum: 168, default: 24 }) }),
        response: { 200: Preview, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => {
      const windows = await app.lineCapacity.windows();
      const segments = capacityTimeline(windows, new Date(), request.query.hours, timeZone, fallback);
      const first = segments[0];
      return {
        now: { capacity: first?.capacity ?? fallback, window: first?.window ?? null },
        segments: segments.map((s) => ({ from: s.from.toISOString(), to: s.to.toISOString(), capacity: s.capacity, window: s.window })),
        timeZone,
        gaps: gapsOf(windows.map((w) => ({ ...w, name: w.name ?? '' }))),
        fallback,
      };
    },
  );

  /** One write: in a transaction that checks the whole schedule; audited; then applied at once. */
  const write = async (
    request: FastifyRequest,
    change: (tx: Executor) => Promise<{ before: CapacityWindowView | null; after: CapacityWindowView | null; id: string }>,
    action: string,
  ) => {
    const result = await app.db.transaction(async (tx) => {
      const done = await change(tx);
      requireNoOverlap(await stored(tx));
      await recordAudit(tx, {
        actor: principalOf(request),
        action,
        entityType: 'line_capacity_window',
        entityId: done.id,
        ip: request.ip,
        details: { ...configChange(done.before, done.after, ['id']) },
      });
      return done;
    });
    await app.lineCapacity.changed();
    return result;
  };

  const Written = Type.Object({ window: CapacityWindowView, ...Checked });

  app.post(
    '/windows',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Add a window (the first one written turns the default schedule into stored windows)',
        description: '409 CAPACITY_WINDOW_OVERLAP names the windows that would cover the same time.',
        body: WindowBody,
        response: { 201: Written, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { after } = await write(
        request,
        async (tx) => {
          await materialiseDefault(tx);
          const [row] = await tx.insert(lineCapacitySchedules).values({ ...request.body, daysOfWeek: request.body.daysOfWeek ?? null }).returning();
          if (!row) throw new Error('insert returned no row');
          return { before: null, after: toView(row), id: row.id };
        },
        'line_capacity.create',
      );
      const { gaps } = await schedule();
      return reply.status(201).send({ window: after as CapacityWindowView, gaps, fallback });
    },
  );

  app.patch(
    '/windows/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Change a window (days, times, lines, name, active)',
        description: '409 CAPACITY_WINDOW_OVERLAP names the windows that would cover the same time. Calls in progress are never cut.',
        params: Type.Object({ id: Uuid }),
        body: WindowPatch,
        response: { 200: Written, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const { after } = await write(
        request,
        async (tx) => {
          const [current] = await tx.select().from(lineCapacitySchedules).where(eq(lineCapacitySchedules.id, request.params.id));
          if (!current) throw notFound('khung giờ');
          const [row] = await tx
            .update(lineCapacitySchedules)
            .set({ ...request.body, updatedAt: new Date() })
            .where(eq(lineCapacitySchedules.id, current.id))
            .returning();
          if (!row) throw notFound('khung giờ');
          return { before: toView(current), after: toView(row), id: row.id };
        },
        'line_capacity.update',
      );
      const { gaps } = await schedule();
      return { window: after as CapacityWindowView, gaps, fallback };
    },
  );

  app.delete(
    '/windows/:id',
    {
      config: { access: ['admin'] },
      schema: {
        tags,
        summary: 'Remove a window (its hours become a gap unless another window covers them)',
        description: 'When the last window is removed, R2’s default schedule applies again.',
        params: Type.Object({ id: Uuid }),
        response: { 200: ScheduleView, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      await write(
        request,
        async (tx) => {
          const [row] = await tx.delete(lineCapacitySchedules).where(eq(lineCapacitySchedules.id, request.params.id)).returning();
          if (!row) throw notFound('khung giờ');
          return { before: toView(row), after: null, id: row.id };
        },
        'line_capacity.delete',
      );
      return schedule();
    },
  );

  app.post(
    '/check',
    {
      config: { access: readers },
      schema: {
        tags,
        summary: 'Check a whole schedule without saving it: overlaps, gaps and the next 24 h',
        body: Type.Object({ windows: Type.Array(WindowBody, { maxItems: 100 }) }, { additionalProperties: false }),
        response: {
          200: Type.Object({
            overlaps: Type.Array(Type.Object({ first: Name, second: Name, where: Type.String({ maxLength: 100 }) })),
            segments: Type.Array(Segment),
            ...Checked,
          }),
          ...errorResponses(400, 401, 403),
        },
      },
    },
    async (request) => {
      const windows = request.body.windows.filter((w) => w.active !== false);
      const overlaps = findOverlaps(windows).map(({ first, second, where }) => ({ first, second, where }));
      const segments = capacityTimeline(windows, new Date(), 24, timeZone, fallback);
      return {
        overlaps,
        gaps: gapsOf(windows),
        fallback,
        segments: segments.map((s) => ({ from: s.from.toISOString(), to: s.to.toISOString(), capacity: s.capacity, window: s.window })),
      };
    },
  );
};
