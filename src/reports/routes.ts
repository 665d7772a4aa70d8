import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { principalOf } from '../auth/access-plugin.js';
import type { Role } from '../auth/roles.js';
import { contentDisposition } from '../attachments/file-name.js';
import { errorResponses } from '../web/errors.js';
import { Nullable, Uuid } from '../web/schemas.js';
import { deadlineSummary } from './deadlines.js';
import { callReport } from './queries.js';
import { reportCsv, reportXlsx } from './ticket-export.js';
import { ticketGroupings, ticketReport } from './tickets.js';

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

const Count = (description: string) => Type.Integer({ minimum: 0, description });

export const DeadlineSummaryView = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    dueSoonMinutes: Type.Integer(),
    agencies: Type.Array(Type.Object({ agencyId: Nullable(Type.String({ format: 'uuid' })), name: Nullable(Type.String()), dueSoon: Count('open, due within DEADLINE_DUE_SOON_MINUTES'), overdue: Count('open, the deadline passed') })),
    total: Type.Object({ dueSoon: Count('open, due soon'), overdue: Count('open, overdue') }),
  },
  { $id: 'DeadlineSummary', title: 'Open tickets due soon and overdue per agency (phiếu sắp đến hạn, quá hạn)' },
);

const readers: readonly Role[] = ['supervisor', 'admin'];
/** Ticket figures: the hotline's supervisors and admins all, an agency's officers their agency's (as tickets). */
const ticketReaders: readonly Role[] = ['supervisor', 'admin', 'agency_officer'];

const TicketCounts = {
  total: Count('tickets received in the period (drafts left out)'),
  open: Count('not closed (closed: answered, refused, resolved)'),
  resolved: Count('with a resolution time'),
  resolvedOnTime: Count('resolved no later than the deadline, or without one'),
  resolvedLate: Count('resolved after the deadline'),
  overdue: Count('still open, the deadline passed'),
};
export const TicketReportView = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
    groupBy: Type.Enum([...ticketGroupings]),
    timeZone: Type.String(),
    generatedAt: Type.String({ format: 'date-time' }),
    groups: Type.Array(Type.Object({ key: Nullable(Type.String()), label: Nullable(Type.String()), ...TicketCounts })),
    total: Type.Object(TicketCounts),
  },
  { $id: 'TicketReport', title: 'Ticket statistics (thống kê phiếu)' },
);
const TicketReportQuery = Type.Object(
  {
    from: IsoDate,
    to: IsoDate,
    groupBy: Type.Optional(Type.Enum([...ticketGroupings], { default: 'field' })),
    agencyId: Type.Optional(Uuid),
    fieldId: Type.Optional(Uuid),
  },
  { additionalProperties: false },
);
const FileBytes = (type: string) => ({
  description: 'the report as a file',
  content: { [type]: { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
});
const fileTypes = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

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

  app.get(
    '/tickets',
    {
      config: { access: ticketReaders },
      schema: {
        tags: ['reports'],
        summary: 'Tickets received in a period by field, agency, channel, status, urgency, day, week or month: open, resolved on time / late, overdue',
        description: 'An agency officer counts their agency\'s tickets only (403 for another agencyId). Days are business days in BUSINESS_TZ; at most 366.',
        querystring: TicketReportQuery,
        response: { 200: TicketReportView, ...errorResponses(400, 401, 403) },
      },
    },
    async (request) =>
      ticketReport(app.db, principalOf(request), { ...request.query, groupBy: request.query.groupBy ?? 'field' }, app.env.BUSINESS_TZ),
  );

  app.get(
    '/tickets/export',
    {
      config: { access: ticketReaders },
      schema: {
        tags: ['reports'],
        summary: 'The same figures as a file (R21): format=csv (UTF-8) or xlsx',
        querystring: Type.Object(
          { ...TicketReportQuery.properties, format: Type.Enum(['csv', 'xlsx']) },
          { additionalProperties: false },
        ),
        response: { 200: { ...FileBytes(fileTypes.xlsx), content: { ...FileBytes(fileTypes.csv).content, ...FileBytes(fileTypes.xlsx).content } }, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const { format, ...query } = request.query;
      const report = await ticketReport(app.db, principalOf(request), { ...query, groupBy: query.groupBy ?? 'field' }, app.env.BUSINESS_TZ);
      const name = `thong-ke-phieu-${report.groupBy}-${report.from}-${report.to}.${format}`;
      const body = format === 'csv' ? reportCsv(report) : await reportXlsx(report, 'Thống kê phiếu tiếp nhận – Tổng đài 1022');
      return reply.header('content-type', fileTypes[format]).header('content-disposition', contentDisposition(name)).send(body);
    },
  );
};
