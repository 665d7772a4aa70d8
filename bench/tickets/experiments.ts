/**
 * The measurements behind bench/FINDINGS.md: proposed changes to src/ tried on a copy of a populated benchmark
 * database, before/after on the same inputs. Not part of `npm run bench`.
 *
 *   npm run bench -- tickets          (leaves bench_1022 populated), then
 *   npx tsx bench/tickets/experiments.ts [--db=bench_1022] [--samples=100] [--only=search,pop,reports,create] [--keep-copy]
 *
 * It copies the database (CREATE DATABASE … TEMPLATE: the original keeps the app's schema), applies the proposed
 * migration statements to the copy, runs the proposed queries next to the application's current ones, and drops the
 * copy at the end.
 */
import { and, count, desc, sql } from 'drizzle-orm';
import type { Principal } from '../../src/auth/roles.js';
import postgres from 'postgres';
import { openDatabase, type Database, type Executor } from '../../src/db/client.js';
import { ticketScope } from '../../src/tickets/access.js';
import { listTickets } from '../../src/tickets/queries.js';
import { ticketTextMatch } from '../../src/tickets/search.js';
import { ticketEvents, tickets } from '../../src/db/schema/index.js';
import { callReport } from '../../src/reports/queries.js';
import { buildScreenPop } from '../../src/screen-pop/pop.js';
import { dueAtFor } from '../../src/sla/deadlines.js';
import { allocateReceiptCode, businessYear } from '../../src/tickets/receipt-code.js';
import { createTicket, type NewTicket, type TicketActor } from '../../src/tickets/service.js';
import { defaultTicketSettings } from '../../src/tickets/settings.js';
import { redact, serverUrl, withDatabaseName } from '../lib/database.js';
import { seededRandom } from '../lib/random.js';
import { round, summarize } from '../lib/stats.js';
import { progress, runConcurrent } from '../lib/timing.js';
import { tableRows, textTable, tableHeader } from '../lib/table.js';
import type { Figure, ScenarioResult } from '../lib/types.js';
import { lastFullMonth, latencyFigure, sample, sampleInputs } from './scenario.js';

const args = new Map(
  process.argv.slice(2).map((a) => {
    const [k = '', v = 'true'] = a.replace(/^--/, '').split('=');
    return [k, v] as const;
  }),
);
const source = args.get('db') ?? 'bench_1022';
const copy = `${source}_fix`;
const samples = Number(args.get('samples') ?? 100);
const only = new Set((args.get('only') ?? 'search,pop,reports,create').split(','));
const budgetSeconds = Number(args.get('budget') ?? 120);
const searchTarget = { op: '<=' as const, value: 50 };

/** The proposed indexes for the screen-pop history (finding 4): the newest rows of a number straight from the index. */
export const proposedPopMigration = [
  'CREATE INDEX tickets_phone_received_idx ON tickets (citizen_phone, received_at)',
  'DROP INDEX tickets_phone_idx',
  'CREATE INDEX calls_caller_arrived_idx ON calls (caller_number, arrived_at)',
  'DROP INDEX calls_caller_idx',
];

/** The proposed index for the call reports (finding 2). */
export const proposedReportMigration = ['CREATE INDEX agent_state_history_ended_idx ON agent_state_history (ended_at)'];

/** listTickets with q, its total counted up to `cap` (the working tree's listTickets stops at 10,000). */
async function listWithCap(db: Executor, principal: Principal, q: string, cap: number) {
  const where = and(ticketScope(principal), ticketTextMatch(q));
  const counted = db.select({ one: sql`1` }).from(tickets).where(where).limit(cap + 1).as('counted');
  const [items, totals] = await Promise.all([
    db.select().from(tickets).where(where).orderBy(desc(tickets.receivedAt), desc(tickets.id)).limit(50),
    db.select({ total: count() }).from(counted),
  ]);
  return { items, total: Math.min(totals[0]?.total ?? 0, cap) };
}

/** createTicket with the receipt code taken last, just before the insert: the counter row is locked for less time. */
async function createTicketCodeLast(db: Database, actor: TicketActor, input: NewTicket) {
  const now = new Date();
  const settings = defaultTicketSettings;
  return db.transaction(async (tx) => {
    const receivedAt = input.receivedAt ?? now;
    const urgency = input.urgency ?? 'normal';
    const fieldId = input.fieldId ?? null;
    const deadline = await dueAtFor(tx, { fieldId, urgency, receivedAt }, { kind: 'created' }, settings);
    const receiptCode = await allocateReceiptCode(tx, businessYear(now, settings.timeZone), settings.receiptPrefix);
    const [ticket] = await tx
      .insert(tickets)
      .values({
        receiptCode, channel: input.channel, citizenName: input.citizenName ?? null, citizenPhone: input.citizenPhone ?? null,
        citizenAddress: input.citizenAddress ?? null, content: input.content.trim(), fieldId, urgency, status: 'received',
        slaRuleId: deadline?.rule.id ?? null, dueAt: deadline?.dueAt ?? null, createdBy: actor.id, receivedAt, createdAt: now, updatedAt: now,
      })
      .returning();
    if (!ticket) throw new Error('no ticket');
    await tx.insert(ticketEvents).values({
      ticketId: ticket.id, type: 'created', toStatus: 'received', actorUserId: actor.id, actorAgencyId: actor.agencyId,
      data: { channel: input.channel, callId: null, slaRule: deadline?.rule.code ?? null, dueAt: deadline?.dueAt.toISOString() ?? null }, at: now,
    });
    return { ticket };
  });
}

async function main() {
  const server = serverUrl();
  const admin = postgres(server, { max: 1, onnotice: () => undefined });
  progress(`copying ${source} to ${copy} on ${redact(server)}`);
  await admin.unsafe(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
  await admin.unsafe(`CREATE DATABASE ${copy} TEMPLATE ${source}`);
  const url = withDatabaseName(server, copy);
  const handle = await openDatabase({ url });
  const db = handle.db;
  const figures: Figure[] = [];
  const [op] = (await db.execute(sql`SELECT id FROM users WHERE username = 'bench.dtv01'`)) as unknown as Array<{ id: string }>;
  if (!op) throw new Error(`${source} has no bench users: run npm run bench -- tickets first`);
  const opts = { samples, budgetSeconds };
  try {
    if (only.has('search')) {
      const [op] = (await db.execute(sql`SELECT id FROM users WHERE username = 'bench.dtv01'`)) as unknown as Array<{ id: string }>;
      const operator: Principal = { id: op?.id ?? '', username: 'bench.dtv01', fullName: 'bench', role: 'operator', agencyId: null, sessionId: 'bench' };
      const inputs = await sampleInputs(db, samples + 10);
      const context = () => ({ now: new Date(), dueSoonMinutes: 120 });
      progress('finding 1: text search — listTickets as it is, then the same with smaller count caps (alternating)');
      const variants: Array<[string, (q: string) => Promise<unknown>]> = [
        ['listTickets (count to 10,000)', (q) => listTickets(db, operator, { q, limit: 50, offset: 0 }, context())],
        ['count to 1,000', (q) => listWithCap(db, operator, q, 1000)],
        ['count to 200', (q) => listWithCap(db, operator, q, 200)],
      ];
      const laps = new Map<string, number[]>();
      await sample({ samples: 20, budgetSeconds }, inputs.textQueries, (q) => listTickets(db, operator, { q, limit: 50, offset: 0 }, context()));
      for (const [i, q] of inputs.textQueries.slice(0, samples).entries()) {
        for (const [label, run] of i % 2 === 0 ? variants : [...variants].reverse()) {
          const t0 = process.hrtime.bigint();
          await run(q);
          laps.set(label, [...(laps.get(label) ?? []), Number(process.hrtime.bigint() - t0) / 1e6]);
        }
      }
      for (const [label, lap] of laps) figures.push(latencyFigure(`text search, ${label}`, lap, searchTarget, 'same queries, interleaved'));
    }
    if (only.has('pop')) {
      const inputs = await sampleInputs(db, samples + 10);
      // Each variant runs over the inputs twice and keeps the second pass: both then read warm pages.
      const twice = async () => {
        await sample(opts, inputs.callIds, (id) => buildScreenPop(db, id));
        return sample(opts, inputs.callIds, (id) => buildScreenPop(db, id));
      };
      progress('finding 4: screen-pop history — current indexes');
      figures.push(latencyFigure('current: buildScreenPop', await twice(), searchTarget, 'tickets_phone_idx, calls_caller_idx; second pass'));
      for (const statement of proposedPopMigration) await db.execute(sql.raw(statement));
      await db.execute(sql`VACUUM (ANALYZE) tickets`);
      await db.execute(sql`VACUUM (ANALYZE) calls`);
      progress('finding 4: with (citizen_phone, received_at) and (caller_number, arrived_at)');
      figures.push(latencyFigure('proposed: buildScreenPop', await twice(), searchTarget, 'composite indexes; second pass'));
    }
    if (only.has('reports')) {
      const [meta] = (await db.execute(sql`SELECT value FROM bench_meta WHERE key = 'tickets'`)) as unknown as Array<{ value: { lastDay: string } }>;
      const day = meta?.value.lastDay ?? new Date().toISOString().slice(0, 10);
      const month = lastFullMonth(day);
      const options = { timeZone: 'Asia/Ho_Chi_Minh', thresholdSeconds: 20 };
      const run = async (label: string) => {
        figures.push(latencyFigure(`${label}: today per operator`, await sample({ samples: 30, budgetSeconds }, [day], (d) => callReport(db, { from: d, to: d, groupBy: 'operator' }, options)), undefined, 'callReport'));
        figures.push(latencyFigure(`${label}: month per day`, await sample({ samples: 10, budgetSeconds }, [month], (m) => callReport(db, { ...m, groupBy: 'day' }, options)), undefined, 'callReport'));
      };
      progress('finding 2: call reports — current indexes');
      await run('current');
      for (const statement of proposedReportMigration) await db.execute(sql.raw(statement));
      await db.execute(sql`VACUUM (ANALYZE) agent_state_history`);
      progress('finding 2: with agent_state_history (ended_at) indexed');
      await run('proposed (ended_at index)');
    }
    if (only.has('create')) {
      const operators = (await db.execute(sql`SELECT id FROM users WHERE username LIKE 'bench.dtv%' ORDER BY username`)) as unknown as Array<{ id: string }>;
      const rand = seededRandom(5);
      const input = (): NewTicket => ({ channel: 'phone', content: 'Người dân phản ánh đèn tín hiệu giao thông tại ngã tư không hoạt động. Đề nghị kiểm tra.', citizenPhone: `09${String(Math.floor(rand() * 1e8)).padStart(8, '0')}` });
      const actor = (i: number): TicketActor => ({ id: operators[i % operators.length]?.id ?? '', role: 'operator', agencyId: null });
      const variants = [
        ['current createTicket', (i: number) => createTicket(db, actor(i), input())],
        ['proposed: receipt code last', (i: number) => createTicketCodeLast(db, actor(i), input())],
      ] as const;
      await runConcurrent(200, 8, (i) => createTicket(db, actor(i), input()));
      // Alternating rounds (A, B, A, B, …) so that cache warming and the GIN pending list favour neither.
      const rounds = 4;
      const per = new Map<string, { rates: number[]; latencies: number[] }>();
      for (let round_ = 0; round_ < rounds; round_ += 1) {
        for (const concurrency of [1, 8]) {
          for (const [label, create] of variants) {
            const { latencies, wallMs } = await runConcurrent(400, concurrency, create);
            const key = `${label}, ${concurrency} at a time`;
            const entry = per.get(key) ?? { rates: [], latencies: [] };
            entry.rates.push(400 / (wallMs / 1000));
            entry.latencies.push(...latencies);
            per.set(key, entry);
          }
        }
      }
      for (const [key, { rates, latencies }] of per) {
        const s = summarize(latencies);
        const r = summarize(rates);
        figures.push({ name: key, value: r.p50, unit: 'tickets/s', note: `median of ${rounds} rounds of 400 (min ${round(r.min)}, max ${round(r.max)}); latency p50 ${round(s.p50)}, p95 ${round(s.p95)} ms` });
        progress(`  ${key}: ${round(r.p50)} tickets/s (rounds ${rates.map(round).join(', ')}), latency p95 ${round(s.p95)} ms`);
      }
    }
  } finally {
    await handle.close();
    if (args.get('keep-copy') !== 'true') await admin.unsafe(`DROP DATABASE IF EXISTS ${copy} WITH (FORCE)`);
    await admin.end();
  }
  const result: ScenarioResult = { scenario: 'tickets', params: { source, samples }, figures, seconds: 0 };
  process.stdout.write(`\n${textTable(tableHeader, tableRows([result]))}\n`);
}

await main();
