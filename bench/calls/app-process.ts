/**
 * The application under test, alone in its own process (forked by scenario.ts with `--import tsx --expose-gc`), so
 * its CPU time and memory are its own: the fake Asterisk, the simulated citizens and operators run in the parent.
 *
 * Environment: the app's own variables (ARI_URL, DATABASE_URL or none for PGlite, LOG_LEVEL=warn, …) plus
 * BENCH_CAPACITY (line capacity of the single all-day window). It opens and migrates the database, runs the app's
 * seed (fields, SLA rules, calendar, the default IVR menu on 1022), sets the line capacity, builds the app exactly as
 * src/server.ts does (pino at LOG_LEVEL, no cron jobs), listens on 127.0.0.1, waits for ARI, then answers the
 * parent's commands (protocol.ts) over IPC.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { and, count, eq, gte, isNotNull, isNull, sql } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { hashPassword } from '../../src/auth/passwords.js';
import { createSession } from '../../src/auth/sessions.js';
import type { CallControl } from '../../src/calls/control.js';
import { loadEnv } from '../../src/config/env.js';
import { openDatabase, type DatabaseHandle } from '../../src/db/client.js';
import { calls, lineCapacitySchedules, recordings, sipEndpoints, ticketCalls, users } from '../../src/db/schema/index.js';
import { seed } from '../../src/seed/seed.js';
import type { AriGateway } from '../../src/telephony/ari-gateway.js';
import { installProbe, type StepProbe } from './instrument.js';
import { StatementCounter } from './statements.js';
import type { AppUsage, CallAudit, OperatorAccount, Ready, Reply, Request, StartupFailed } from './protocol.js';

const send = (message: Ready | StartupFailed | Reply) => process.send?.(message);

/** Event-loop delay of the app process (10 ms resolution timer), reset at every `usage`. */
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

interface Running {
  app: FastifyInstance;
  database: DatabaseHandle;
  probe: StepProbe;
  statements: StatementCounter | null;
  operators: OperatorAccount[];
  passwordHash: Promise<string>;
}

async function start(): Promise<Running> {
  const env = loadEnv(process.env);
  if (!env.ARI_URL) throw new Error('ARI_URL must be set');
  const probe = installProbe(env.ARI_URL);
  const statements = env.DATABASE_URL ? new StatementCounter() : null;
  const database = await openDatabase(
    env.DATABASE_URL ? { url: env.DATABASE_URL, onStatement: (statement, connection) => statements?.record(statement, connection) } : { dataDir: 'memory://' },
  );
  await database.migrate();
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: env.BUSINESS_TZ, year: 'numeric' }).format(new Date()));
  const seedReport = await seed(database.db, { year, demoUsers: false });
  // One window all day, large enough for every concurrency level (R2's 15 lines would refuse most calls).
  await database.db.delete(lineCapacitySchedules);
  await database.db.insert(lineCapacitySchedules).values({ name: 'bench', startsAt: '00:00', endsAt: '00:00', capacity: Number(process.env.BENCH_CAPACITY ?? 1000) });
  const app = await buildApp({ env, database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const deadline = Date.now() + 30_000;
  while (app.ariLink.status.state !== 'connected') {
    if (Date.now() > deadline) throw new Error(`ARI link ${app.ariLink.status.state}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await control(app).reconciled();
  const address = app.server.address();
  const url = typeof address === 'object' && address ? `http://127.0.0.1:${address.port}` : '';
  send({ ready: true, url, driver: database.driver, seedReport: { ...seedReport } });
  return { app, database, probe, statements, operators: [], passwordHash: hashPassword('bench-calls-password') };
}

function control(app: FastifyInstance): CallControl {
  if (!app.calls) throw new Error('telephony is off (ARI_URL unset)');
  return app.calls;
}

/** Operators bench.op001… with phones PJSIP/op001…, created up to `count`, each with a session (no argon2 per login). */
async function operators(r: Running, wanted: number): Promise<OperatorAccount[]> {
  const { db } = r.database;
  const hash = await r.passwordHash;
  for (let n = r.operators.length + 1; n <= wanted; n++) {
    const label = String(n).padStart(3, '0');
    const [user] = await db
      .insert(users)
      .values({ username: `bench.op${label}`, fullName: `Điện thoại viên ${label}`, passwordHash: hash, role: 'operator', passwordChangedAt: new Date() })
      .returning();
    if (!user) throw new Error('no user row');
    const endpoint = `PJSIP/op${label}`;
    await db.insert(sipEndpoints).values({ endpoint, kind: 'softphone', label: user.fullName, userId: user.id });
    const session = await createSession(db, user.id, r.app.env.SESSION_TTL_HOURS);
    r.operators.push({ userId: user.id, username: user.username, endpoint, token: session.token });
  }
  return r.operators.slice(0, wanted);
}

async function supervisor(r: Running): Promise<OperatorAccount> {
  const { db } = r.database;
  const [user] = await db
    .insert(users)
    .values({ username: `bench.gsv${Date.now()}`, fullName: 'Giám sát viên', passwordHash: await r.passwordHash, role: 'supervisor', passwordChangedAt: new Date() })
    .returning();
  if (!user) throw new Error('no user row');
  const session = await createSession(db, user.id, r.app.env.SESSION_TTL_HOURS);
  return { userId: user.id, username: user.username, endpoint: '', token: session.token };
}

async function dbTransactions(r: Running): Promise<number | null> {
  try {
    const result = await r.database.db.execute(sql`select (xact_commit + xact_rollback)::text as n from pg_stat_database where datname = current_database()`);
    const rows = (Array.isArray(result) ? result : (result as { rows?: unknown[] }).rows ?? []) as Array<{ n: string }>;
    return rows[0] ? Number(rows[0].n) : null;
  } catch {
    return null;
  }
}

function takeLoopDelay(): AppUsage['loopDelayMs'] {
  const ms = (ns: number) => Math.round(ns / 1e4) / 100;
  const taken = { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max) };
  loopDelay.reset();
  return taken;
}

async function usage(r: Running): Promise<AppUsage> {
  const calls = control(r.app);
  const gateway = r.app.ariGateway as AriGateway;
  const acd = r.app.acd;
  return {
    cpu: process.cpuUsage(),
    memory: process.memoryUsage(),
    calls: calls.deps.registry.size,
    timers: calls.deps.registry.timers.count,
    channelListeners: gateway.listenerCounts().channels,
    acd: { waiting: acd.waiting().length, ...acd.pending },
    ari: { ...r.probe.counts },
    dbTransactions: await dbTransactions(r),
    dbStatements: r.statements?.snapshot() ?? null,
    loopDelayMs: takeLoopDelay(),
  };
}

async function settle(r: Running, timeoutMs: number): Promise<AppUsage & { settled: boolean }> {
  const done = (async () => {
    await control(r.app).settled();
    await r.app.acd.settled();
    return true;
  })();
  const timedOut = new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref());
  const settled = await Promise.race([done, timedOut]);
  return { ...(await usage(r)), settled };
}

async function collectGarbage(): Promise<NodeJS.MemoryUsage> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  for (let i = 0; i < 4; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
  return process.memoryUsage();
}

async function audit(r: Running, since: Date): Promise<CallAudit> {
  const { db } = r.database;
  const rows = await db
    .select({ outcome: calls.outcome, ended: sql<boolean>`${calls.endedAt} is not null`, n: count() })
    .from(calls)
    .where(gte(calls.arrivedAt, since))
    .groupBy(calls.outcome, sql`${calls.endedAt} is not null`);
  const result: CallAudit = { placed: 0, ended: 0, open: 0, outcomes: {}, withOperator: 0, draftTickets: 0, recordingsDone: 0, recordingsNotDone: 0 };
  for (const row of rows) {
    const n = Number(row.n);
    result.placed += n;
    if (row.ended) result.ended += n;
    else result.open += n;
    const outcome = row.outcome ?? 'none';
    result.outcomes[outcome] = (result.outcomes[outcome] ?? 0) + n;
  }
  const [withOperator] = await db.select({ n: count() }).from(calls).where(and(gte(calls.arrivedAt, since), isNotNull(calls.operatorUserId)));
  result.withOperator = Number(withOperator?.n ?? 0);
  const [drafts] = await db.select({ n: count() }).from(ticketCalls).innerJoin(calls, eq(calls.id, ticketCalls.callId)).where(gte(calls.arrivedAt, since));
  result.draftTickets = Number(drafts?.n ?? 0);
  const recs = await db
    .select({ status: recordings.status, n: count() })
    .from(recordings)
    .innerJoin(calls, eq(calls.id, recordings.callId))
    .where(gte(calls.arrivedAt, since))
    .groupBy(recordings.status);
  for (const row of recs) {
    if (row.status === 'done') result.recordingsDone += Number(row.n);
    else result.recordingsNotDone += Number(row.n);
  }
  // Calls whose row is still open are "stuck" for the parent; an open call without a context in memory is worse.
  const [orphans] = await db.select({ n: count() }).from(calls).where(and(gte(calls.arrivedAt, since), isNull(calls.endedAt)));
  result.open = Number(orphans?.n ?? result.open);
  return result;
}

async function handle(r: Running, request: Request): Promise<unknown> {
  switch (request.cmd) {
    case 'operators':
      return operators(r, request.count);
    case 'supervisor':
      return supervisor(r);
    case 'steps':
      r.probe.enabled = request.enabled;
      return null;
    case 'takeSteps':
      return r.probe.take();
    case 'usage':
      return usage(r);
    case 'gc':
      return collectGarbage();
    case 'settle':
      return settle(r, request.timeoutMs);
    case 'audit':
      return audit(r, new Date(request.since));
    case 'close':
      await r.app.close();
      await r.database.close();
      setImmediate(() => process.exit(0));
      return null;
  }
}

start().then(
  (running) => {
    process.on('message', (message: Request) => {
      handle(running, message).then(
        (result) => send({ id: message.id, ok: true, result }),
        (error: unknown) => send({ id: message.id, ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
      );
    });
    process.on('disconnect', () => process.exit(0));
  },
  (error: unknown) => {
    send({ ready: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    setTimeout(() => process.exit(1), 100);
  },
);
