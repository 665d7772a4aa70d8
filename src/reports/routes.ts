import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { Role } from '../auth/roles.js';
import { errorResponses } from '../web/errors.js';
import { Nullable } from '../web/schemas.js';
import { deadlineSummary } from './deadlines.js';
import { callReport } from './queries.js';

const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a day YYYY-MM-DD in BUSINESS_TZ' });
const Ratio = Nullable(Type.Number({ description: '0–1; null when the denominator is 0' }));
const Seconds = Nullable(Type.Number());

const Metrics = {
  offered: Type.Integer({ description: 'calls that reached the operator queue' }),
  answered: Type.Integer({ description: 'offered calls an operator answered' }),
  abandoned: Type.Integer({ description: 'offered calls the caller left before an operator answered (IVR hang-ups excluded)' }),
  abandonedAfterThreshold: Type.Integer(),
  answeredWithinThreshold: Type.Integer(),
  abandonmentRate: Ratio,
  serviceLevel: Ratio,
  asaSeconds: Seconds,
  talkSeconds: Seconds,
  wrapUpSeconds: Seconds,
  ahtSeconds: Nullable(Type.Number({ description: 'mean talk + wrap-up' })),
  transferred: Type.Integer(),
  transferFailed: Type.Integer(),
  occupancy: Nullable(Type.Number({ description: '0–1: (ringing + on call + wrap-up) / logged in; null per field' })),
};

export const CallReportView = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
    groupBy: Type.Enum(['day', 'operator', 'field']),
    timeZone: Type.String(),
    serviceLevelSeconds: Type.Integer(),
    groups: Type.Array(Type.Object({ key: Nullable(Type.String()), label: Nullable(Type.String()), ...Metrics })),
    total: Type.Object(Metrics),
  },
  { $id: 'CallReport', title: 'Call metrics (thống kê cuộc gọi)' },
);

const Count = Type.Integer({ minimum: 0 });

export const DeadlineSummaryView = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    dueSoonMinutes: Type.Integer(),
    agencies: Type.Array(Type.Object({ agencyId: Nullable(Type.String({ format: 'uuid' })), name: Nullable(Type.String()), dueSoon: Count, overdue: Count })),
    total: Type.Object({ dueSoon: Count, overdue: Count }),
  },
  { $id: 'DeadlineSummary', title: 'Open tickets due soon and overdue per agency (phiếu sắp đến hạn, quá hạn)' },
);

const readers: readonly Role[] = ['supervisor', 'admin'];

/** Call-centre metrics from the call records (definitions: src/reports/README.md). */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/calls',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'Offered, answered, abandoned, service level, ASA, AHT (talk + wrap-up), occupancy per day, operator or field',
        querystring: Type.Object(
          { from: IsoDate, to: IsoDate, groupBy: Type.Optional(Type.Enum(['day', 'operator', 'field'], { default: 'day' })) },
          { additionalProperties: false },
        ),
        response: { 200: CallReportView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      callReport(
        app.db,
        { from: request.query.from, to: request.query.to, groupBy: request.query.groupBy ?? 'day' },
        { timeZone: app.env.BUSINESS_TZ, thresholdSeconds: app.env.REPORT_SERVICE_LEVEL_SECONDS },
      ),
  );

  app.get(
    '/deadlines',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'Open tickets due soon (within DEADLINE_DUE_SOON_MINUTES) and overdue, per agency: the wallboard',
        response: { 200: DeadlineSummaryView, ...errorResponses(401, 403) },
      },
    },
    async () => deadlineSummary(app.db, { now: new Date(), dueSoonMinutes: app.env.DEADLINE_DUE_SOON_MINUTES }),
  );
};
