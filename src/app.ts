import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { randomUUID } from 'node:crypto';
import type { Env } from './config/env.js';
import { openDatabase, type DatabaseHandle } from './db/client.js';
import { databasePlugin } from './db/plugin.js';
import { loggerOptions } from './logging.js';
import { installErrorHandler } from './web/errors.js';
import { routeCatalogPlugin } from './web/route-catalog.js';
import { textInputPlugin } from './web/text-input.js';
import { finiteNumbersPlugin } from './web/finite-numbers.js';
import { accessPlugin } from './auth/access-plugin.js';
import { ensureAdmin } from './auth/bootstrap.js';
import { authRoutes } from './auth/routes.js';
import { userRoutes } from './users/routes.js';
import { agencyRoutes } from './agencies/routes.js';
import { fieldRoutes } from './fields/routes.js';
import { kbRoutes } from './kb/routes.js';
// Knowledge base from the agencies' spreadsheets, and back out as .xlsx (issue 16).
import { kbImportPlugin } from './kb/import-plugin.js';
import { kbImportRoutes } from './kb/import-routes.js';
// Prometheus metrics at /metrics (issue 16).
import { metricsPlugin } from './metrics/plugin.js';
import { ticketRoutes } from './tickets/routes.js';
import { ticketsPlugin } from './tickets/plugin.js';
import { slaRoutes } from './sla/routes.js';
import { notificationRoutes } from './notifications/routes.js';
import { deadlineWatchJob } from './notifications/deadline-watch.js';
import { callRoutes } from './calls/routes.js';
import { recordingRoutes } from './recording/routes.js';
import { recordingRetentionJob } from './recording/retention.js';
// The dialplan fallback's calls and recordings into the database (issue 11 item 11, issue 17).
import { fallbackImportJob } from './fallback/job.js';
import { auditRoutes } from './audit/routes.js';
import { ivrMenuRoutes } from './ivr/routes.js';
import { healthRoutes } from './health/routes.js';
import { socketPlugin } from './realtime/socket.js';
// Two or more instances on one PostgreSQL: leader election, the leader's duties, forwarding to the leader (issue 17).
import { clusterPlugin } from './cluster/plugin.js';
import { clusterRoutes } from './cluster/routes.js';
import { schedulerPlugin } from './scheduler/plugin.js';
import { AriLink } from './telephony/status.js';
import { capacityPlugin } from './capacity/plugin.js';
import { telephonyPlugin } from './telephony/plugin.js';
import { agentsPlugin } from './agents/plugin.js';
import { agentRoutes } from './agents/routes.js';
import { smsOutboxJob, smsPlugin } from './sms/plugin.js';
import { smsRoutes } from './sms/routes.js';
import { publicRoutes } from './public/routes.js';
import { publicationRoutes } from './public/publication-routes.js';
import { attachmentRoutes } from './attachments/routes.js';
import { transferPlugin } from './transfer/plugin.js';
import { callbackRoutes } from './callbacks/routes.js';
import { transferRoutes } from './transfer/routes.js';
import { supervisionPlugin } from './supervision/plugin.js';
import { supervisionCallRoutes, supervisionRoutes } from './supervision/routes.js';
import { reportRoutes } from './reports/routes.js';
// Daily and weekly reports to the leaders, stored and e-mailed (issue 16).
import { scheduledReportJobs, scheduledReportRoutes } from './reports/scheduled-routes.js';
import { pagesPlugin, type PagesOptions } from './pages/plugin.js';
import { pagesSettingsRoutes } from './pages/settings-route.js';
import { screenPopRoutes } from './screen-pop/routes.js';
// Configuration APIs of the admin console and the agency portal (issue 14).
import { capacityRoutes } from './capacity/routes.js';
import { promptRoutes } from './prompts/routes.js';
import { inboundNumberRoutes } from './numbers/routes.js';
import { calendarRoutes } from './sla/calendar-routes.js';
// Written channels: email, Zalo OA, Facebook Page (issue 15; R16).
import { channelsJob, channelsPlugin } from './channels/index.js';
import { channelRoutes } from './channels/routes.js';
import { conversationRoutes } from './channels/conversation-routes.js';
import { webhookRoutes } from './channels/webhook-routes.js';

declare module 'fastify' {
  interface FastifyInstance {
    env: Env;
    ariLink: AriLink;
  }
}

export interface AppOptions {
  env: Env;
  /** An already-open database (tests); otherwise the app opens, migrates and closes its own. */
  database?: DatabaseHandle;
  /** Run the node-cron jobs (the server does; tests usually do not). */
  schedules?: boolean;
  /** pino logging; off in tests by default. */
  logger?: boolean;
  /** The pages (web/): where their build is, and whether to build them first when stale (the server does). */
  pages?: PagesOptions;
  /** Where the log lines go instead of stdout (tests that read the log). */
  logStream?: { write(line: string): void };
}

/** Builds the application without listening, so tests mount it and use inject(). */
export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { env } = options;
  const app = Fastify({
    logger: options.logger === false ? false : { ...loggerOptions(env), ...(options.logStream ? { stream: options.logStream } : {}) },
    trustProxy: env.TRUST_PROXY,
    genReqId: () => randomUUID(),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', allErrors: false } },
    forceCloseConnections: true,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.decorate('env', env);
  app.decorate('ariLink', new AriLink(Boolean(env.ARI_URL)));
  installErrorHandler(app);
  // Input hardening (issue 12), for every route registered after this: the list of routes (what the schema-bounds
  // and fuzz tests walk); control characters refused in every text input, numbers finite.
  await app.register(routeCatalogPlugin);
  await app.register(textInputPlugin);
  await app.register(finiteNumbersPlugin);

  const database = options.database ?? (await openAndMigrate(app, env));
  await app.register(databasePlugin, { handle: database, closeOnShutdown: !options.database });

  // External plugins: security headers, CORS (off unless origins are configured), cookies, rate limit, OpenAPI.
  // CSP as helmet sets it (scripts and styles from this origin only), less upgrade-insecure-requests: on a hotline's
  // LAN the server is often reached over plain HTTP by address, and upgrading the pages' own scripts to HTTPS would
  // leave them blank. TLS is the reverse proxy's (COOKIE_SECURE, TRUST_PROXY).
  await app.register(helmet, { global: true, contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } });
  const origins = env.CORS_ORIGINS.split(',').map((o) => o.trim()).filter(Boolean);
  if (origins.length > 0) await app.register(cors, { origin: origins, credentials: true });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_request, context) => ({
      statusCode: 429,
      code: 'RATE_LIMITED',
      message: `Quá nhiều yêu cầu, vui lòng thử lại sau ${Math.ceil(context.ttl / 1000)} giây`,
    }),
  });
  await app.register(swagger, {
    refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    openapi: {
      info: { title: 'Tổng đài 1022 API', version: '0.1.0', description: 'Call-centre server for the provincial 1022 hotlines' },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'sid' } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });

  // Application plugins, then routes.
  await app.register(accessPlugin);
  await app.register(clusterPlugin);
  await app.register(socketPlugin);
  await app.register(ticketsPlugin);
  // Telephony (issue 3): line capacity, then call control over ARI (connects in the background when ARI_URL is set).
  await app.register(capacityPlugin);
  // Operators and the ACD (issue 4): the ACD is call control's queue.
  await app.register(agentsPlugin);
  await app.register(telephonyPlugin, { queue: app.acd });
  // Transfers to agency hotlines, supervision, wallboard (issue 4).
  await app.register(transferPlugin);
  await app.register(supervisionPlugin);
  // SMS outbox (R15): templates, provider, worker; kicked after commits and every 30 s by the scheduler.
  await app.register(smsPlugin);
  await app.register(kbImportPlugin);
  await app.register(metricsPlugin);
  // Written channels (issue 15): adapters, the inbox they file into, the outbox they send from.
  await app.register(channelsPlugin);
  if (options.schedules) await app.register(schedulerPlugin, { jobs: [deadlineWatchJob(app), recordingRetentionJob(app), app.lineCapacity.job(), smsOutboxJob(app), fallbackImportJob(app), channelsJob(app), ...scheduledReportJobs(app)] });

  await app.register(healthRoutes);
  await app.register(clusterRoutes, { prefix: '/api/cluster' });
  await app.register(authRoutes, { prefix: '/api/auth' });
  await app.register(userRoutes, { prefix: '/api/users' });
  await app.register(agencyRoutes, { prefix: '/api/agencies' });
  await app.register(fieldRoutes, { prefix: '/api/fields' });
  await app.register(kbRoutes, { prefix: '/api/kb' });
  await app.register(kbImportRoutes, { prefix: '/api/kb' });
  await app.register(ticketRoutes, { prefix: '/api/tickets' });
  await app.register(slaRoutes, { prefix: '/api/sla' });
  await app.register(notificationRoutes, { prefix: '/api/notifications' });
  await app.register(callRoutes, { prefix: '/api/calls' });
  await app.register(transferRoutes, { prefix: '/api/calls' });
  await app.register(callbackRoutes, { prefix: '/api/callbacks' });
  await app.register(supervisionCallRoutes, { prefix: '/api/calls' });
  await app.register(supervisionRoutes, { prefix: '/api/supervision' });
  await app.register(reportRoutes, { prefix: '/api/reports' });
  await app.register(scheduledReportRoutes, { prefix: '/api/reports' });
  await app.register(agentRoutes, { prefix: '/api/agents' });
  await app.register(recordingRoutes, { prefix: '/api/recordings' });
  await app.register(auditRoutes, { prefix: '/api/audit' });
  await app.register(ivrMenuRoutes, { prefix: '/api/ivr-menus' });
  await app.register(smsRoutes, { prefix: '/api/sms' });
  await app.register(publicRoutes, { prefix: '/api/public' });
  // Publishing answers to the public page (issue 12; R17): preview masked, publish, withdraw.
  await app.register(publicationRoutes, { prefix: '/api/tickets' });
  await app.register(attachmentRoutes);
  // Configuration APIs (issue 14): every change validated, audited with before/after, in force at the next call.
  await app.register(capacityRoutes, { prefix: '/api/line-capacity' });
  await app.register(promptRoutes);
  await app.register(inboundNumberRoutes, { prefix: '/api/inbound-numbers' });
  await app.register(calendarRoutes, { prefix: '/api/calendars' });
  await app.register(channelRoutes, { prefix: '/api/channels' });
  await app.register(webhookRoutes, { prefix: '/api/channels' });
  await app.register(conversationRoutes, { prefix: '/api/conversations' });

  // The pages (issue 13): their settings, the operator's current call, then the built pages at / (last: every other GET falls back to the app).
  await app.register(pagesSettingsRoutes, { prefix: '/api' });
  await app.register(screenPopRoutes, { prefix: '/api/screen-pop' });
  await app.register(pagesPlugin, options.pages ?? {});

  await ensureAdmin(database.db, env, app.log);
  // Last of the ready hooks: every capability has registered its leader's duties; the election starts them here.
  app.addHook('onReady', () => app.cluster.start());
  return app;
}

async function openAndMigrate(app: FastifyInstance, env: Env): Promise<DatabaseHandle> {
  const handle = await openDatabase({
    url: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    connectTimeoutSeconds: env.DATABASE_CONNECT_TIMEOUT_SECONDS,
    pglite: { maxWaiting: env.PGLITE_MAX_WAITING, waitTimeoutMs: env.PGLITE_WAIT_TIMEOUT_MS },
  });
  try {
    await handle.migrate();
  } catch (error) {
    await handle.close();
    throw error;
  }
  app.log.info({ driver: handle.driver }, 'database ready');
  return handle;
}
