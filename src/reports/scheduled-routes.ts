import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import { Type, type Static } from 'typebox';
import { recordAudit } from '../audit/service.js';
import { principalOf } from '../auth/access-plugin.js';
import type { Role } from '../auth/roles.js';
import { contentDisposition } from '../attachments/file-name.js';
import { isIsoDate, weekdayOfIso } from '../calendar/civil-date.js';
import type { ScheduledJob } from '../scheduler/plugin.js';
import { badRequest, conflict, errorResponses } from '../web/errors.js';
import { DateTime, Nullable, Uuid } from '../web/schemas.js';
import { smtpReportMailer } from './mailer.js';
import { generateReport, listReports, periodBefore, periodFrom, reportFile, reportFileName, type ReportKind, type StoredReport } from './scheduled.js';

const readers: readonly Role[] = ['supervisor', 'admin'];
const IsoDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });

export const ScheduledReportView = Type.Object(
  {
    id: Uuid,
    kind: Type.Enum(['daily', 'weekly']),
    periodStart: IsoDate,
    periodEnd: IsoDate,
    status: Type.Enum(['generating', 'ready', 'failed']),
    sizeBytes: Nullable(Type.Integer()),
    error: Nullable(Type.String()),
    emailedAt: Nullable(DateTime),
    emailedTo: Nullable(Type.Integer({ description: 'recipients it was sent to' })),
    emailError: Nullable(Type.String()),
    createdAt: DateTime,
    generatedAt: Nullable(DateTime),
  },
  { $id: 'ScheduledReport', title: 'Daily or weekly report (báo cáo định kỳ)' },
);

const toView = (r: StoredReport): Static<typeof ScheduledReportView> => ({
  id: r.id,
  kind: r.kind,
  periodStart: r.periodStart,
  periodEnd: r.periodEnd,
  status: r.status,
  sizeBytes: r.sizeBytes,
  error: r.error,
  emailedAt: r.emailedAt?.toISOString() ?? null,
  emailedTo: r.emailedTo,
  emailError: r.emailError,
  createdAt: r.createdAt.toISOString(),
  generatedAt: r.generatedAt?.toISOString() ?? null,
});

const options = (app: FastifyInstance) => ({
  timeZone: app.env.BUSINESS_TZ,
  serviceLevelSeconds: app.env.REPORT_SERVICE_LEVEL_SECONDS,
  mailer: smtpReportMailer(app.env),
  log: app.log.child({ component: 'reports' }),
});

/** node-cron jobs: the daily report at 07:00, the weekly one on Mondays at 07:00 (BUSINESS_TZ). */
export function scheduledReportJobs(app: FastifyInstance): ScheduledJob[] {
  const job = (kind: ReportKind, schedule: string): ScheduledJob => ({
    name: `reports.${kind}`,
    schedule,
    run: async () => {
      await generateReport(app.db, periodBefore(kind, new Date(), app.env.BUSINESS_TZ), options(app));
    },
  });
  return [job('daily', '0 7 * * *'), job('weekly', '0 7 * * 1')];
}

/** The stored daily and weekly reports: listed, downloaded (.xlsx), read (printable HTML), or made now by an admin. */
export const scheduledReportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const Id = Type.Object({ id: Uuid });

  app.get(
    '/scheduled',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'The daily and weekly reports, newest period first',
        querystring: Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 60 })) }, { additionalProperties: false }),
        response: { 200: Type.Object({ items: Type.Array(ScheduledReportView) }), ...errorResponses(400, 401, 403) },
      },
    },
    async (request) => ({ items: (await listReports(app.db, request.query.limit ?? 60)).map(toView) }),
  );

  app.post(
    '/scheduled',
    {
      config: { access: ['admin'] },
      schema: {
        tags: ['reports'],
        summary: 'Make a report now (the day, or the week from that Monday); 409 when that period has one already',
        body: Type.Object({ kind: Type.Enum(['daily', 'weekly']), periodStart: IsoDate }, { additionalProperties: false }),
        response: { 201: ScheduledReportView, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const { kind, periodStart } = request.body;
      if (!isIsoDate(periodStart)) throw badRequest('BAD_DATE', 'Ngày phải có dạng YYYY-MM-DD và có thật');
      if (kind === 'weekly' && weekdayOfIso(periodStart) !== 1) throw badRequest('NOT_A_MONDAY', 'Báo cáo tuần bắt đầu vào thứ Hai');
      const principal = principalOf(request);
      const made = await generateReport(app.db, periodFrom(kind, periodStart), { ...options(app), createdBy: principal.id });
      if (!made) throw conflict('REPORT_EXISTS', 'Kỳ báo cáo này đã có báo cáo');
      await recordAudit(app.db, { actor: principal, action: 'report.generate', entityType: 'scheduled_report', entityId: made.id, ip: request.ip, details: { kind, periodStart } });
      return reply.status(201).send(toView(made));
    },
  );

  app.get(
    '/scheduled/:id/xlsx',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'A report as .xlsx',
        params: Id,
        response: {
          200: { description: 'the workbook', content: { 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } },
          ...errorResponses(400, 401, 403, 404, 409),
        },
      },
    },
    async (request, reply) => {
      const { report, xlsx } = await reportFile(app.db, request.params.id);
      return reply
        .header('content-type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', contentDisposition(reportFileName({ kind: report.kind, start: report.periodStart, end: report.periodEnd })))
        .send(xlsx);
    },
  );

  app.get(
    '/scheduled/:id/html',
    {
      config: { access: readers },
      schema: {
        tags: ['reports'],
        summary: 'A report as a printable page (print to PDF from the browser)',
        params: Id,
        response: { 200: { description: 'HTML', content: { 'text/html': { schema: Type.String() } } }, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const { html } = await reportFile(app.db, request.params.id);
      return reply.header('content-type', 'text/html; charset=utf-8').send(html);
    },
  );
};
