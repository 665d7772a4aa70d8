/**
 * The `tickets` scenario: N generated tickets (default 1,000,000) on PostgreSQL, measured through the
 * application's own functions — the ones the routes call:
 *
 *   search by phone            buildScreenPop (src/screen-pop/pop.ts): the number's tickets and calls when it rings
 *   search by receipt code     listTickets (src/tickets/queries.ts) with q = a receipt code (GET /api/tickets?q=)
 *   receipt-code lookup        lookupTicket (src/public/lookup.ts): the citizen's R17 lookup, code + phone
 *   text search                listTickets with q = unaccented words (GET /api/tickets?q=)
 *   agency overdue list        listTickets as an agency officer, due=overdue (GET /api/tickets?due=overdue)
 *   wall-board today           callReport (src/reports/queries.ts) for today, per operator
 *   month report               callReport for the last full month, per day
 *   create throughput          createTicket (src/tickets/create.ts), N creations, C at a time
 */
import { sql } from 'drizzle-orm';
import type { Principal } from '../../src/auth/roles.js';
import type { Database } from '../../src/db/client.js';
import { lookupTicket } from '../../src/public/lookup.js';
import { callReport } from '../../src/reports/queries.js';
import { ticketReport } from '../../src/reports/tickets.js';
import { buildScreenPop } from '../../src/screen-pop/pop.js';
import { listTickets, wordSearchCountLimit } from '../../src/tickets/queries.js';
import { createTicket } from '../../src/tickets/service.js';
import { readMeta, writeMeta, type BenchDatabase } from '../lib/database.js';
import { pick, seededRandom, unaccentVi } from '../lib/random.js';
import { latencyNote, round, summarize } from '../lib/stats.js';
import { msSince, nowNs, progress, runConcurrent } from '../lib/timing.js';
import type { Figure, ScenarioResult } from '../lib/types.js';
import { businessTz, generateTickets, type GeneratedMeta } from './generate.js';
import { districts, issues, openers, requests } from './vocabulary.js';

export interface TicketsOptions {
  database: BenchDatabase;
  tickets: number;
  /** Timed runs per latency figure (after a warm-up). */
  samples: number;
  /** Ticket creations for the throughput figure, and how many at a time. */
  creates: number;
  concurrency: number;
  /** Longest time spent sampling one figure; slow figures stop early (at least `minSamples`) and say so. */
  budgetSeconds: number;
}

const searchTarget = { op: '<=' as const, value: 50 };
const minSamples = 10;
const warmup = 10;
const metaKey = 'tickets';

export async function runTicketsScenario(options: TicketsOptions): Promise<ScenarioResult> {
  const started = nowNs();
  const { database } = options;
  const db = database.handle.db;
  const meta = await ensureData(options);
  const inputs = await sampleInputs(db, options.samples + warmup);
  const figures: Figure[] = [];

  const operator: Principal = { id: database.people.operatorIds[0] ?? '', username: 'bench.dtv01', fullName: 'bench', role: 'operator', agencyId: null, sessionId: 'bench' };
  const listContext = () => ({ now: new Date(), dueSoonMinutes: 120 });
  const page = { limit: 50, offset: 0 };

  progress('search by phone: buildScreenPop (history of the caller number)');
  figures.push(
    latencyFigure('search by phone p95 (screen-pop history)', await sample(options, inputs.callIds, (callId) => buildScreenPop(db, callId)), searchTarget,
      "buildScreenPop: the caller's last 10 tickets + name + last 10 calls, tickets_phone_received_idx / calls_caller_arrived_idx"),
  );

  progress('search by receipt code: listTickets q=<code>');
  const receiptTotals = totals();
  const byCode = await sample(options, inputs.receiptCodes, async (code) => receiptTotals.add((await listTickets(db, operator, { ...page, q: code }, listContext())).total));
  figures.push(latencyFigure('search by receipt code p95 (ticket list q=code)', byCode, searchTarget, `GET /api/tickets?q=1022-YYYY-NNNNNN; mean total ${receiptTotals.mean()}`));

  progress('receipt code + phone lookup (public, R17)');
  figures.push(
    latencyFigure('receipt code lookup p95 (public R17)', await sample(options, inputs.lookups, (l) => lookupTicket(db, l.code, l.phone)), searchTarget,
      'lookupTicket: equality on the unique receipt_code index'),
  );

  progress(`text search: listTickets q=<unaccented words> (${inputs.textQueries.length} inputs)`);
  const textTotals = totals();
  const text = await sample(options, inputs.textQueries, async (q) => textTotals.add((await listTickets(db, operator, { ...page, q }, listContext())).total));
  figures.push(latencyFigure('text search p95 (no diacritics, ticket list q)', text, searchTarget, `e.g. "${inputs.textQueries.slice(0, 3).join('", "')}"; mean total ${textTotals.mean()} (counted up to ${wordSearchCountLimit})`));

  progress('agency overdue list: listTickets as an officer, due=overdue');
  const overdueTotals = totals();
  const overdue = await sample(options, inputs.officers, async (officer) => overdueTotals.add((await listTickets(db, officer, { ...page, due: 'overdue' }, listContext())).total));
  figures.push(latencyFigure('agency overdue list p95', overdue, undefined, `first page of 50 + total, ${inputs.officers.length} agencies in turn; mean total ${overdueTotals.mean()}`));

  progress(`wall-board today: callReport ${meta.lastDay} per operator`);
  const reportOptions = { timeZone: businessTz, thresholdSeconds: 20 };
  const todayRuns = Math.max(minSamples, Math.round(options.samples / 4));
  const today = await sample({ ...options, samples: todayRuns }, [meta.lastDay], (day) => callReport(db, { from: day, to: day, groupBy: 'operator' }, reportOptions));
  const todayReport = await callReport(db, { from: meta.lastDay, to: meta.lastDay, groupBy: 'operator' }, reportOptions);
  figures.push(latencyFigure("wall-board today's statistics p95", today, undefined, `callReport(${meta.lastDay}, groupBy operator), ${todayReport.total.offered} calls offered that day`));

  const month = lastFullMonth(meta.lastDay);
  progress(`month report: callReport ${month.from}…${month.to} per day, per operator, per field`);
  const monthFigure = async (groupBy: 'day' | 'operator' | 'field') => {
    await callReport(db, { ...month, groupBy }, reportOptions);
    const runs: number[] = [];
    let offered = 0;
    for (let i = 0; i < 5; i += 1) {
      const t0 = nowNs();
      const r = await callReport(db, { ...month, groupBy }, reportOptions);
      runs.push(msSince(t0));
      offered = r.total.offered;
    }
    const s = summarize(runs);
    return { median: s.p50, note: `median of 5 (max ${round(s.max)} ms), ${offered.toLocaleString('en')} calls offered` };
  };
  const byDay = await monthFigure('day');
  figures.push({ name: `month report (${month.from.slice(0, 7)}, per day)`, value: byDay.median, unit: 'ms', note: `callReport ${month.from}…${month.to}; ${byDay.note}` });
  const byOperator = await monthFigure('operator');
  figures.push({ name: `month report (${month.from.slice(0, 7)}, per operator)`, value: byOperator.median, unit: 'ms', note: byOperator.note });

  // Issue 16: ticket statistics for the month, aggregated by PostgreSQL (target ≤ 200 ms at 1 M tickets).
  progress(`month ticket report: ticketReport ${month.from}…${month.to} per field, per agency, per day`);
  const supervisor: Principal = { id: '00000000-0000-4000-8000-000000000000', username: 'bench', fullName: 'Bench', role: 'supervisor', agencyId: null, sessionId: 'bench' };
  for (const groupBy of ['field', 'agency', 'day'] as const) {
    await ticketReport(db, supervisor, { ...month, groupBy }, businessTz);
    const runs: number[] = [];
    let counted = 0;
    for (let i = 0; i < 5; i += 1) {
      const t0 = nowNs();
      counted = (await ticketReport(db, supervisor, { ...month, groupBy }, businessTz)).total.total;
      runs.push(msSince(t0));
    }
    const s = summarize(runs);
    figures.push({
      name: `month ticket report (${month.from.slice(0, 7)}, per ${groupBy})`,
      value: round(s.p50),
      unit: 'ms',
      target: { op: '<=', value: 200 },
      note: `ticketReport, median of 5 (max ${round(s.max)} ms), ${counted.toLocaleString('en')} tickets`,
    });
  }

  figures.push(...(await createThroughput(options)));

  return {
    scenario: 'tickets',
    params: {
      tickets: meta.tickets,
      rows: meta.rows,
      generatedAt: meta.generatedAt,
      generationSeconds: meta.seconds,
      samples: options.samples,
      creates: options.creates,
      concurrency: options.concurrency,
    },
    figures,
    seconds: Math.round(msSince(started) / 100) / 10,
  };
}

/** Mean of the `total` the list answered, over every call (warm-up included). */
function totals() {
  let sum = 0;
  let n = 0;
  return {
    add: (total: number) => {
      sum += total;
      n += 1;
    },
    mean: () => round(sum / Math.max(1, n)),
  };
}

/** Generates the data unless a kept database already has this many tickets. */
async function ensureData(options: TicketsOptions): Promise<GeneratedMeta> {
  const { database } = options;
  const existing = await readMeta<GeneratedMeta>(database.handle, metaKey);
  if (!database.fresh && existing?.tickets === options.tickets) {
    progress(`reusing ${existing.tickets.toLocaleString('en')} tickets generated ${existing.generatedAt} (--keep-db)`);
    return existing;
  }
  if (!database.fresh) {
    progress('kept database has no tickets of this size: emptying the ticket and call tables');
    await database.handle.db.execute(sql`TRUNCATE tickets, ticket_events, ticket_calls, calls, agent_state_history, receipt_code_counters CASCADE`);
  }
  progress(`generating ${options.tickets.toLocaleString('en')} tickets`);
  const meta = await generateTickets({ url: database.url, tickets: options.tickets, people: database.people });
  await writeMeta(database.handle, metaKey, meta);
  return meta;
}

export interface Inputs {
  callIds: string[];
  receiptCodes: string[];
  lookups: Array<{ code: string; phone: string }>;
  textQueries: string[];
  officers: Principal[];
}

function rowsOf<T>(result: unknown): T[] {
  return result as T[];
}

/** Inputs drawn from the data (TABLESAMPLE … REPEATABLE: the same rows every run) and from the vocabulary. */
export async function sampleInputs(db: Database, count: number): Promise<Inputs> {
  const [{ n }] = rowsOf<{ n: number }>(await db.execute(sql`SELECT count(*)::int AS n FROM tickets`)) as [{ n: number }];
  const percent = Math.min(100, Math.max(0.01, ((count * 3) / Math.max(1, n)) * 100));
  const tickets = rowsOf<{ receipt_code: string; citizen_phone: string | null }>(
    await db.execute(sql`SELECT receipt_code, citizen_phone FROM tickets TABLESAMPLE BERNOULLI (${sql.raw(String(percent))}) REPEATABLE (42) LIMIT ${count}`),
  );
  const calls = rowsOf<{ id: string }>(
    await db.execute(sql`SELECT id FROM calls TABLESAMPLE BERNOULLI (${sql.raw(String(percent))}) REPEATABLE (7) WHERE outcome = 'completed' LIMIT ${count}`),
  );
  const officers = rowsOf<{ id: string; username: string; agency_id: string }>(
    await db.execute(sql`SELECT id, username, agency_id FROM users WHERE role = 'agency_officer' AND username LIKE 'bench.%' ORDER BY username`),
  ).map((u): Principal => ({ id: u.id, username: u.username, fullName: u.username, role: 'agency_officer', agencyId: u.agency_id, sessionId: 'bench' }));
  return {
    callIds: calls.map((c) => c.id),
    receiptCodes: tickets.map((t) => t.receipt_code),
    lookups: tickets.filter((t) => t.citizen_phone).map((t) => ({ code: t.receipt_code, phone: t.citizen_phone ?? '' })),
    textQueries: textQueries(count),
    officers,
  };
}

/**
 * What operators type in the search box, without diacritics: two or three words of a complaint, a ward, a street,
 * a name; plus a few that match nothing (the worst case: every row examined).
 */
export function textQueries(count: number): string[] {
  const rand = seededRandom(1022);
  const words = (text: string, n: number) => {
    const w = unaccentVi(text).replace(/[.,]/g, '').split(/\s+/).filter(Boolean);
    const start = Math.floor(rand() * Math.max(1, w.length - n + 1));
    return w.slice(start, start + n).join(' ');
  };
  const kinds: Array<() => string> = [
    () => words(pick(rand, issues).text, 2),
    () => words(pick(rand, issues).text, 3),
    () => words(pick(rand, issues).text, 3),
    () => unaccentVi(pick(rand, pick(rand, districts).wards).replace(/^(phường|xã|thị trấn) /, '')),
    () => unaccentVi(pick(rand, ['nguyễn văn hùng', 'trần thị lan', 'lê minh tuấn', 'phạm ngọc trang', 'võ thành long', 'đặng thu hà'])),
    () => unaccentVi(pick(rand, ['đường đồng khởi', 'phạm văn thuận', 'quốc lộ 51', 'khu phố 3', 'hà huy giáp'])),
    () => pick(rand, ['xe buyt dien', 'thu tuc nhap hoc dai hoc', 'cap phep karaoke moi', 'bao lu song be']),
  ];
  return Array.from({ length: count }, () => pick(rand, kinds)());
}

/**
 * Runs `work` over `inputs` (cycling): a warm-up (up to 10 runs, at most a tenth of the budget), then `samples` timed
 * runs — or fewer when the budget is spent, but never fewer than `minSamples` (the note gives n).
 */
export async function sample<T>(options: Pick<TicketsOptions, 'samples' | 'budgetSeconds'>, inputs: readonly T[], work: (input: T) => Promise<unknown>): Promise<number[]> {
  if (inputs.length === 0) throw new Error('no inputs to sample (empty database?)');
  const input = (i: number) => inputs[i % inputs.length] as T;
  const budgetNs = BigInt(options.budgetSeconds) * 1_000_000_000n;
  const warmupUntil = nowNs() + budgetNs / 10n;
  let warmed = 0;
  while (warmed < warmup && (warmed === 0 || nowNs() < warmupUntil)) {
    await work(input(warmed));
    warmed += 1;
  }
  const samples: number[] = [];
  const deadline = nowNs() + budgetNs;
  for (let i = 0; i < options.samples; i += 1) {
    const t0 = nowNs();
    await work(input(i + warmup));
    samples.push(msSince(t0));
    if (samples.length >= minSamples && nowNs() > deadline) {
      progress(`  time budget (${options.budgetSeconds} s) spent after ${samples.length} samples`);
      break;
    }
  }
  return samples;
}

export function latencyFigure(name: string, samples: number[], target: Figure['target'], extra: string): Figure {
  const s = summarize(samples);
  progress(`  ${name}: ${round(s.p95)} ms (${latencyNote(s)})`);
  return { name, value: s.p95, unit: 'ms', ...(target ? { target } : {}), note: latencyNote(s, extra) };
}

/** The last month that ended before `day` (YYYY-MM-DD). */
export function lastFullMonth(day: string): { from: string; to: string } {
  const [y, m] = day.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 2, 1));
  const last = new Date(Date.UTC(y, m - 1, 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

/** Creations through createTicket, `concurrency` at a time; the created tickets are removed afterwards. */
async function createThroughput(options: TicketsOptions): Promise<Figure[]> {
  const { database, creates, concurrency } = options;
  const db = database.handle.db;
  const rand = seededRandom(2026);
  const fieldRows = rowsOf<{ id: string }>(await db.execute(sql`SELECT id FROM fields ORDER BY sort_order`));
  const operators = database.people.operatorIds;
  const inputs = Array.from({ length: creates + warmup }, (_, i) => {
    const d = pick(rand, districts);
    return {
      actor: { id: operators[i % operators.length] ?? '', role: 'operator' as const, agencyId: null },
      input: {
        channel: 'phone' as const,
        content: `${pick(rand, openers)} ${pick(rand, issues).text} tại ${pick(rand, d.wards)}, ${d.name}. ${pick(rand, requests)}`,
        citizenName: 'Nguyễn Thị Benchmark',
        citizenPhone: `09${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
        citizenAddress: `${pick(rand, d.wards)}, ${d.name}, tỉnh Đồng Nai`,
        fieldId: pick(rand, fieldRows).id,
      },
    };
  });
  progress(`create throughput: ${creates} createTicket calls, ${concurrency} at a time`);
  const created: string[] = [];
  const create = async (i: number) => {
    const item = inputs[i];
    if (!item) return;
    const { ticket } = await createTicket(db, item.actor, item.input);
    created.push(ticket.id);
  };
  for (let i = 0; i < warmup; i += 1) await create(creates + i);
  const { latencies, wallMs } = await runConcurrent(creates, concurrency, create);
  const perSecond = creates / (wallMs / 1000);
  const s = summarize(latencies);
  progress(`  ${round(perSecond)} tickets/s, latency p95 ${round(s.p95)} ms`);

  // Leave the data as generated (for --keep-db): remove the new tickets and give their numbers back.
  const year = Number(new Intl.DateTimeFormat('en', { timeZone: businessTz, year: 'numeric' }).format(new Date()));
  await db.execute(sql`DELETE FROM tickets WHERE id IN (SELECT unnest(${`{${created.join(',')}}`}::uuid[]))`);
  await db.execute(sql`UPDATE receipt_code_counters SET last_value = last_value - ${created.length} WHERE year = ${year}`);

  return [
    {
      name: `create ticket throughput (${concurrency} concurrent)`,
      value: perSecond,
      unit: 'tickets/s',
      note: `${creates} createTicket calls in ${round(wallMs / 1000)} s (receipt code, deadline, event: one transaction each; the route also writes an audit row)`,
    },
    { name: `create ticket latency p95 (${concurrency} concurrent)`, value: s.p95, unit: 'ms', note: latencyNote(s) },
  ];
}
