/**
 * Generates N tickets with their processing log, the calls of phone tickets (and abandoned calls), and operators'
 * state history, server-side: INSERT … SELECT over generate_series, picking words from arrays with random().
 *
 * Shape of the data (everything ends "now", in Asia/Ho_Chi_Minh):
 * - 730 days, weekdays 1.0, Saturdays 0.45, Sundays 0.25, +20 % over the two years; within a day 4 % of tickets
 *   before 07:00, 88 % 07:00–18:00, 8 % after 18:00; receipt codes 1022-YYYY-NNNNNN in time order within each year.
 * - channel: phone 70 %, web 10 %, zalo 8 %, email 4 %, facebook 4 %, chat 2 %, walk-in 2 %.
 * - citizens: 30 % of tickets from 5,000 frequent callers, the rest from a pool of N/4 people; a person keeps their
 *   phone (09x/03x/08x/07x/05x), name and address (a ward of a Đồng Nai district).
 * - status by age: the younger, the more open (0.3 % + 70 %·e^(−age/6 days)); closed ones answered at the hotline
 *   50 %, resolved by an agency 45 %, refused 5 %; open ones forwarded, acknowledged, returned or received.
 * - deadline: the seed's rules, 24 h from receipt (urgent health questions 4 h); overdue = open and past it.
 * - events: created, then forwarded / acknowledged / progress / resolved / returned / answered / refused as the
 *   status implies (about 3 per ticket).
 * - calls: one per phone ticket (IVR, queue, operator, talk) with ringing/on_call/wrap_up intervals in
 *   agent_state_history, plus ~18 % as many abandoned calls; each operator also has an 'available' shift per day.
 *
 * Foreign-key triggers are off during the load (session_replication_role = replica) and the secondary indexes are
 * dropped and rebuilt afterwards from their own definitions (pg_get_indexdef), then VACUUM ANALYZE.
 */
import postgres from 'postgres';
import { progress } from '../lib/timing.js';
import type { BenchPeople } from '../lib/database.js';
import {
  answeredTexts,
  details,
  districts,
  familyNames,
  givenNames,
  issues,
  middleNames,
  openers,
  phonePrefixes,
  refusedReasons,
  requests,
  resolvedTexts,
  returnedReasons,
  streets,
} from './vocabulary.js';

export const businessTz = 'Asia/Ho_Chi_Minh';
const spanDays = 730;

export interface GenerateOptions {
  url: string;
  tickets: number;
  people: BenchPeople;
  /** Parallel loading connections (default 2: one per core). */
  workers?: number;
}

export interface GeneratedMeta {
  tickets: number;
  /** The last generated business day (YYYY-MM-DD): "today" for the wall-board figures. */
  lastDay: string;
  generatedAt: string;
  seconds: number;
  rows: Record<string, number>;
}

interface Day {
  dayNo: number;
  day: string;
  n: number;
  year: number;
  yearSeqStart: number;
  /** Fraction of the day's ticket shape that has happened (1 except today). */
  fracMax: number;
}

/** Fraction of the tickets of a day → fraction of the day (4 % before 07:00, 88 % until 18:00, 8 % after). */
function warpInverse(dayFraction: number): number {
  const h = dayFraction * 24;
  if (h < 7) return (h / 7) * 0.04;
  if (h < 18) return 0.04 + ((h - 7) / 11) * 0.88;
  return 0.92 + ((h - 18) / 6) * 0.08;
}

function localDate(at: Date): { iso: string; secondsOfDay: number } {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone: businessTz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
  }).formatToParts(at);
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '00';
  return { iso: `${get('year')}-${get('month')}-${get('day')}`, secondsOfDay: Number(get('hour')) * 3600 + Number(get('minute')) * 60 + Number(get('second')) };
}

/** The calendar of the load: how many tickets each day gets and where each day's receipt numbers start. */
export function planDays(total: number, now: Date): Day[] {
  const today = localDate(now);
  const todayUtc = Date.parse(`${today.iso}T00:00:00Z`);
  const raw = Array.from({ length: spanDays }, (_, i) => {
    const date = new Date(todayUtc - (spanDays - 1 - i) * 86_400_000);
    const iso = date.toISOString().slice(0, 10);
    const dow = date.getUTCDay();
    const fracMax = i === spanDays - 1 ? Math.max(0.001, warpInverse(Math.max(0, today.secondsOfDay - 120) / 86_400)) : 1;
    const weight = (dow === 6 ? 0.45 : dow === 0 ? 0.25 : 1) * (1 + (0.2 * i) / spanDays) * fracMax;
    return { iso, weight, fracMax };
  });
  const sum = raw.reduce((a, d) => a + d.weight, 0);
  let cumWeight = 0;
  let assigned = 0;
  let yearSeq = 1;
  let year = 0;
  return raw.map((d, i) => {
    cumWeight += d.weight;
    const upto = i === raw.length - 1 ? total : Math.floor((total * cumWeight) / sum);
    const n = upto - assigned;
    assigned = upto;
    const y = Number(d.iso.slice(0, 4));
    if (y !== year) {
      year = y;
      yearSeq = 1;
    }
    const day: Day = { dayNo: i, day: d.iso, n, year: y, yearSeqStart: yearSeq, fracMax: d.fracMax };
    yearSeq += n;
    return day;
  });
}

const loadTables = ['tickets', 'ticket_events', 'ticket_calls', 'calls', 'agent_state_history'];

/** Generates everything; returns what bench_meta records. The tables must be empty. */
export async function generateTickets(options: GenerateOptions): Promise<GeneratedMeta> {
  const started = process.hrtime.bigint();
  const workers = Math.max(1, options.workers ?? 2);
  const client = postgres(options.url, { max: workers + 1, onnotice: () => undefined, connection: { application_name: 'bench-generate' } });
  try {
    const now = new Date();
    const days = planDays(options.tickets, now);
    const vocabulary = await setUp(client, options, days);

    // Secondary indexes out of the way while loading; constraint indexes (primary keys, unique) stay.
    const indexes = await client<{ name: string; def: string; gin: boolean }[]>`
      SELECT c.relname AS name, pg_get_indexdef(i.indexrelid) AS def, am.amname = 'gin' AS gin
      FROM pg_index i
      JOIN pg_class c ON c.oid = i.indexrelid
      JOIN pg_class t ON t.oid = i.indrelid
      JOIN pg_am am ON am.oid = c.relam
      WHERE t.relname IN ${client(loadTables)} AND t.relnamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)`;
    for (const index of indexes) await client.unsafe(`DROP INDEX IF EXISTS "${index.name}"`);
    // No autovacuum racing the load (VACUUM ANALYZE runs once at the end); reset afterwards.
    for (const table of loadTables) await client.unsafe(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
    progress(`dropped ${indexes.length} secondary indexes for the load`);

    // Batches of about 50,000 tickets, `workers` at a time.
    const batches: Array<[number, number]> = [];
    let from = 0;
    let count = 0;
    for (const d of days) {
      count += d.n;
      if (count >= 50_000 || d.dayNo === days.length - 1) {
        batches.push([from, d.dayNo]);
        from = d.dayNo + 1;
        count = 0;
      }
    }
    let done = 0;
    let next = 0;
    const worker = async () => {
      await client.reserve().then(async (conn) => {
        try {
          await conn`SET session_replication_role = replica`;
          await conn`SET synchronous_commit = off`;
          await conn`SET work_mem = '256MB'`;
          // The estimates of this statement are absurd (cross joins of CTEs): JIT would compile for seconds.
          await conn`SET jit = off`;
          for (;;) {
            const b = next;
            next += 1;
            const batch = batches[b];
            if (!batch) return;
            await conn`SELECT setseed(${((b * 7919) % 10_000) / 10_000})`;
            await conn.unsafe(batchSql(vocabulary), [batch[0], batch[1]]);
            done += days.slice(batch[0], batch[1] + 1).reduce((a, d) => a + d.n, 0);
            const secs = Number(process.hrtime.bigint() - started) / 1e9;
            progress(`tickets ${done.toLocaleString('en')}/${options.tickets.toLocaleString('en')} (${Math.round(done / secs).toLocaleString('en')}/s)`);
          }
        } finally {
          conn.release();
        }
      });
    };
    await Promise.all(Array.from({ length: workers }, worker));

    await client.unsafe(shiftsSql(vocabulary));
    await client`
      INSERT INTO receipt_code_counters (year, last_value)
      SELECT year, max(year_seq_start + n - 1) FROM bench_days WHERE n > 0 GROUP BY year
      ON CONFLICT (year) DO UPDATE SET last_value = excluded.last_value`;

    // Rebuild the indexes: GIN (single-threaded build) on one connection, the btrees on another.
    progress(`rebuilding ${indexes.length} indexes (the GIN word index takes the longest)`);
    const queue = [...indexes.filter((i) => i.gin), ...indexes.filter((i) => !i.gin)];
    const builder = async () => {
      await client.reserve().then(async (conn) => {
        try {
          await conn`SET maintenance_work_mem = '1GB'`;
          for (;;) {
            const index = queue.shift();
            if (!index) return;
            const t0 = process.hrtime.bigint();
            await conn.unsafe(index.def);
            progress(`  ${index.name} ${(Number(process.hrtime.bigint() - t0) / 1e9).toFixed(1)} s`);
          }
        } finally {
          conn.release();
        }
      });
    };
    await Promise.all(Array.from({ length: workers }, builder));

    progress('VACUUM ANALYZE (visibility map and planner statistics, so autovacuum does not start mid-run)');
    for (const table of [...loadTables, 'receipt_code_counters', 'users', 'agencies', 'fields', 'sla_rules']) {
      await client.unsafe(`VACUUM (ANALYZE) ${table}`);
    }
    for (const table of loadTables) await client.unsafe(`ALTER TABLE ${table} RESET (autovacuum_enabled)`);
    const rows: Record<string, number> = {};
    for (const table of loadTables) {
      const [row] = await client.unsafe<{ n: string }[]>(`SELECT count(*)::text AS n FROM ${table}`);
      rows[table] = Number(row?.n ?? 0);
    }
    await client`DROP TABLE IF EXISTS bench_days`;
    await client`DROP FUNCTION IF EXISTS bench_warp(double precision)`;
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    progress(`generated in ${seconds.toFixed(0)} s: ${Object.entries(rows).map(([t, n]) => `${t} ${n.toLocaleString('en')}`).join(', ')}`);
    const lastDay = days[days.length - 1]?.day ?? localDate(now).iso;
    return { tickets: options.tickets, lastDay, generatedAt: now.toISOString(), seconds: Math.round(seconds), rows };
  } finally {
    await client.end({ timeout: 5 });
  }
}

/** Creates bench_days and bench_warp(); returns the SELECT of the vocabulary row (`v` in the batch statement). */
async function setUp(client: postgres.Sql, options: GenerateOptions, days: Day[]): Promise<string> {
  const { people } = options;
  await client`DROP TABLE IF EXISTS bench_days`;
  await client.unsafe(`
    CREATE OR REPLACE FUNCTION bench_warp(x double precision) RETURNS double precision
    LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT CASE WHEN x < 0.04 THEN x / 0.04 * 7 / 24
                  WHEN x < 0.92 THEN 7.0 / 24 + (x - 0.04) / 0.88 * 11 / 24
                  ELSE 18.0 / 24 + (x - 0.92) / 0.08 * 6 / 24 END $$`);
  await client`
    CREATE TABLE bench_days AS
    SELECT d.day_no, d.day::date AS day, d.n, d.year, d.year_seq_start, d.frac_max,
           (d.day::date::timestamp AT TIME ZONE ${businessTz}) AS day_start
    FROM unnest(${days.map((d) => d.dayNo)}::int[], ${days.map((d) => d.day)}::text[], ${days.map((d) => d.n)}::int[],
                ${days.map((d) => d.year)}::int[], ${days.map((d) => d.yearSeqStart)}::int[], ${days.map((d) => d.fracMax)}::float8[])
         AS d(day_no, day, n, year, year_seq_start, frac_max)`;

  const fieldRows = await client<{ id: string; code: string }[]>`SELECT id, code FROM fields`;
  const fieldId = new Map(fieldRows.map((f) => [f.code, f.id]));
  const ruleRows = await client<{ id: string; code: string }[]>`SELECT id, code FROM sla_rules`;
  const ruleId = (code: string) => {
    const id = ruleRows.find((r) => r.code === code)?.id;
    if (!id) throw new Error(`sla rule ${code} missing (seed)`);
    return id;
  };
  const agencyId = (code: string) => {
    const a = people.agencies.get(code);
    if (!a) throw new Error(`agency ${code} missing (seed)`);
    return a.id;
  };
  const wards = districts.flatMap((d, i) => d.wards.map((w) => ({ ward: w, district: i + 1 })));
  const agencyList = [...people.agencies.values()];
  const text = (list: readonly string[]) => `ARRAY[${list.map(literal).join(', ')}]::text[]`;
  const uuids = (list: ReadonlyArray<string | null>) => `ARRAY[${list.map((v) => (v === null ? 'NULL' : literal(v))).join(', ')}]::uuid[]`;
  const ints = (list: readonly number[]) => `ARRAY[${list.map((n) => String(Math.trunc(n))).join(', ')}]::int[]`;
  // Literals in the statement, not a table: array columns read from a table stay TOASTed and are detoasted at every
  // subscript (that made the load 5 times slower).
  return `SELECT
      ${text(familyNames)} AS family, ${text(middleNames)} AS middle, ${text(givenNames)} AS given,
      ${text(districts.map((d) => d.name))} AS dist_name, ${uuids(districts.map((d) => agencyId(d.agencyCode)))} AS dist_agency,
      ${text(wards.map((w) => w.ward))} AS ward_name, ${ints(wards.map((w) => w.district))} AS ward_dist,
      ${text(streets)} AS streets, ${text(phonePrefixes)} AS prefixes,
      ${text(issues.map((i) => i.text))} AS issue_text,
      ${uuids(issues.map((i) => fieldId.get(i.field) ?? null))} AS issue_field,
      ${uuids(issues.map((i) => (i.agency === 'district' ? null : agencyId(i.agency))))} AS issue_agency,
      ${ints(issues.map((i) => (i.field === 'y-te' ? 1 : 0)))} AS issue_health,
      ${text(openers)} AS openers, ${text(details)} AS details, ${text(requests)} AS requests,
      ${text(answeredTexts)} AS answered, ${text(resolvedTexts)} AS resolved, ${text(refusedReasons)} AS refused,
      ${text(returnedReasons)} AS returned,
      ${uuids(people.operatorIds)} AS operators,
      ${uuids(agencyList.map((a) => a.id))} AS agency_ids, ${uuids(agencyList.map((a) => a.officerId))} AS officers,
      ${literal(ruleId('dong-nai-24h'))}::uuid AS rule_default, ${literal(ruleId('dong-nai-urgent-health-4h'))}::uuid AS rule_urgent,
      ${Math.max(1000, Math.floor(options.tickets / 4))}::bigint AS pool`;
}

/** A SQL string literal (our own vocabulary and ids only). */
function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** One batch: the days $1…$2. Every table is written by one statement from the same materialised rows. */
const batchSql = (vocabulary: string) => `
WITH v AS (${vocabulary}),
base AS MATERIALIZED (
  SELECT gen_random_uuid() AS id, gen_random_uuid() AS call_id, d.year, d.year_seq_start + k - 1 AS year_seq,
    d.day_start + make_interval(secs => bench_warp((k - 1 + random()) / d.n * d.frac_max) * 86400) AS received_at,
    CASE WHEN random() < 0.3 THEN floor(random() * 5000)::bigint ELSE 5000 + floor(random() * v.pool)::bigint END AS p,
    random() AS r_chan, random() AS r_issue, random() AS r_status, random() AS r_state, random() AS r_place,
    random() AS r1, random() AS r2, random() AS r3, random() AS r4, random() AS r5, random() AS r6, random() AS r7
  FROM bench_days d CROSS JOIN LATERAL generate_series(1, d.n) AS k CROSS JOIN v
  WHERE d.day_no BETWEEN $1 AND $2
),
t1 AS (
  SELECT b.*,
    1 + floor(b.r_issue * array_length(v.issue_text, 1))::int AS ii,
    (CASE WHEN b.r_chan < 0.70 THEN 'phone' WHEN b.r_chan < 0.80 THEN 'web' WHEN b.r_chan < 0.88 THEN 'zalo'
          WHEN b.r_chan < 0.92 THEN 'email' WHEN b.r_chan < 0.96 THEN 'facebook' WHEN b.r_chan < 0.98 THEN 'chat'
          ELSE 'walk_in' END)::ticket_channel AS channel,
    extract(epoch FROM now() - b.received_at) / 86400.0 AS age_days,
    (1 + (b.p * 101 / 11) % array_length(v.ward_name, 1))::int AS home_ward,
    1 + floor(b.r_place * array_length(v.ward_name, 1))::int AS place_ward
  FROM base b CROSS JOIN v
),
t2 AS (
  SELECT t1.*,
    (CASE
      WHEN t1.age_days < 0.25 AND t1.r_status < 0.5 THEN 'received'
      WHEN t1.r_status < 0.003 + 0.7 * exp(-t1.age_days / 6) THEN
        CASE WHEN t1.r_state < 0.05 THEN 'received' WHEN t1.r_state < 0.45 THEN 'forwarded'
             WHEN t1.r_state < 0.95 THEN 'acknowledged' ELSE 'returned' END
      ELSE CASE WHEN t1.r_state < 0.50 THEN 'answered' WHEN t1.r_state < 0.95 THEN 'resolved' ELSE 'refused' END
    END)::ticket_status AS status,
    v.prefixes[(1 + t1.p % array_length(v.prefixes, 1))::int] || lpad(((t1.p * 7919 + 1234567) % 10000000)::text, 7, '0') AS phone,
    v.family[(1 + (t1.p * 31 + 7) % array_length(v.family, 1))::int] || ' ' || v.middle[(1 + (t1.p / 7 * 13) % array_length(v.middle, 1))::int]
      || ' ' || v.given[(1 + (t1.p * 17 / 3) % array_length(v.given, 1))::int] AS person_name,
    CASE WHEN t1.p % 4 = 0 THEN 'Khu phố ' || (1 + t1.p % 9)::text
         ELSE 'Số ' || (1 + (t1.p * 37) % 350)::text || ' đường ' || v.streets[(1 + (t1.p * 53 / 5) % array_length(v.streets, 1))::int] END
      || ', ' || v.ward_name[t1.home_ward] || ', ' || v.dist_name[v.ward_dist[t1.home_ward]] || ', tỉnh Đồng Nai' AS address,
    v.openers[1 + floor(t1.r1 * array_length(v.openers, 1))::int] || ' ' || v.issue_text[t1.ii] || ' tại '
      || v.ward_name[t1.place_ward] || ', ' || v.dist_name[v.ward_dist[t1.place_ward]]
      || coalesce(nullif(', ' || v.details[1 + floor(t1.r2 * array_length(v.details, 1))::int], ', '), '')
      || '. ' || v.requests[1 + floor(t1.r3 * array_length(v.requests, 1))::int] AS content,
    coalesce(v.issue_agency[t1.ii], v.dist_agency[v.ward_dist[t1.place_ward]]) AS handler,
    v.issue_field[t1.ii] AS field_id,
    t1.r4 < 0.03 AS urgent,
    v.issue_health[t1.ii] = 1 AND t1.r4 < 0.03 AS urgent_health,
    v.operators[1 + (t1.year_seq % array_length(v.operators, 1))::int] AS operator_id
  FROM t1 CROSS JOIN v
),
t3 AS (
  SELECT t2.*,
    t2.status IN ('forwarded', 'acknowledged', 'resolved', 'returned') AS went_to_agency,
    least(t2.received_at + make_interval(secs => 600 + t2.r5 * 14400), t2.received_at + (now() - t2.received_at) * 0.3) AS fwd_at,
    t2.received_at + CASE WHEN t2.urgent_health THEN interval '4 hours' ELSE interval '24 hours' END AS due_at,
    v.officers[array_position(v.agency_ids, t2.handler)] AS officer_id
  FROM t2 CROSS JOIN v
),
t4 AS (
  SELECT t3.*,
    least(t3.fwd_at + make_interval(secs => 300 + t3.r6 * 21600), t3.fwd_at + (now() - t3.fwd_at) * 0.5) AS ack_at
  FROM t3
),
src AS MATERIALIZED (
  SELECT t4.*,
    CASE t4.status
      WHEN 'answered' THEN least(t4.received_at + make_interval(secs => 120 + t4.r7 * 1500), t4.received_at + (now() - t4.received_at) * 0.9)
      WHEN 'refused' THEN least(t4.received_at + make_interval(secs => 300 + t4.r7 * 3600), t4.received_at + (now() - t4.received_at) * 0.9)
      WHEN 'resolved' THEN least(t4.ack_at + make_interval(secs => 3600 + 432000 * t4.r7 * t4.r7), t4.ack_at + (now() - t4.ack_at) * 0.9)
      WHEN 'returned' THEN least(t4.ack_at + make_interval(secs => 1800 + t4.r7 * 7200), t4.ack_at + (now() - t4.ack_at) * 0.9)
    END AS closed_at,
    CASE t4.status
      WHEN 'answered' THEN v.answered[1 + floor(t4.r7 * array_length(v.answered, 1))::int]
      WHEN 'resolved' THEN v.resolved[1 + floor(t4.r6 * array_length(v.resolved, 1))::int]
      WHEN 'refused' THEN v.refused[1 + floor(t4.r6 * array_length(v.refused, 1))::int]
    END AS result_text,
    -- the call behind a phone ticket: IVR 12–42 s, queue 0–90 s (skewed short), ringing 2–10 s, talk 45–545 s
    t4.received_at + make_interval(secs => 12 + t4.r5 * 30) AS enqueued_at
  FROM t4 CROSS JOIN v
),
calls_src AS MATERIALIZED (
  SELECT s.*, s.enqueued_at + make_interval(secs => 90 * s.r6 * s.r6) AS offered_at
  FROM src s WHERE s.channel = 'phone'
),
calls_t AS MATERIALIZED (
  SELECT c.*, c.offered_at + make_interval(secs => 2 + c.r3 * 8) AS op_answered_at,
    least(c.offered_at + make_interval(secs => 2 + c.r3 * 8 + 45 + c.r7 * 500), now()) AS ended_at
  FROM calls_src c
),
ins_tickets AS (
  INSERT INTO tickets (id, receipt_code, channel, citizen_name, citizen_phone, citizen_address, citizen_email, content,
    field_id, agency_id, urgency, status, sla_rule_id, due_at, forwarded_at, result_text, published, created_by,
    received_at, resolved_at, created_at, updated_at)
  SELECT s.id, '1022-' || s.year || '-' || lpad(s.year_seq::text, greatest(6, length(s.year_seq::text)), '0'), s.channel,
    CASE WHEN s.r1 < 0.04 AND s.channel <> 'phone' THEN NULL ELSE s.person_name END,
    CASE WHEN s.channel IN ('web', 'email', 'facebook') AND s.r2 < 0.2 THEN NULL ELSE s.phone END,
    CASE WHEN s.r3 < 0.1 THEN NULL ELSE s.address END,
    CASE WHEN s.channel IN ('web', 'email') THEN 'nguoidan' || s.p::text || '@example.vn' END,
    s.content, s.field_id,
    CASE WHEN s.status IN ('forwarded', 'acknowledged', 'resolved') THEN s.handler END,
    CASE WHEN s.urgent THEN 'urgent' ELSE 'normal' END::ticket_urgency, s.status,
    CASE WHEN s.urgent_health THEN v.rule_urgent ELSE v.rule_default END, s.due_at,
    CASE WHEN s.status IN ('forwarded', 'acknowledged', 'resolved') THEN s.fwd_at END,
    s.result_text, s.status IN ('answered', 'resolved') AND s.r4 > 0.95,
    CASE WHEN s.channel IN ('web', 'email') THEN NULL ELSE s.operator_id END,
    s.received_at,
    CASE WHEN s.status IN ('answered', 'refused', 'resolved') THEN s.closed_at END,
    s.received_at, coalesce(s.closed_at, CASE WHEN s.status = 'acknowledged' THEN s.ack_at WHEN s.status = 'forwarded' THEN s.fwd_at END, s.received_at)
  FROM src s CROSS JOIN v
),
ins_events AS (
  INSERT INTO ticket_events (ticket_id, type, from_status, to_status, actor_user_id, actor_agency_id, note, data, at)
  SELECT s.id, e.type, e.from_status::ticket_status, e.to_status::ticket_status, e.actor, e.actor_agency, e.note, e.data, e.at
  FROM src s CROSS JOIN v CROSS JOIN LATERAL (VALUES
    ('created', NULL, 'received', CASE WHEN s.channel IN ('web', 'email') THEN NULL ELSE s.operator_id END, NULL::uuid, NULL,
      jsonb_build_object('channel', s.channel, 'callId', CASE WHEN s.channel = 'phone' THEN s.call_id END,
        'slaRule', CASE WHEN s.urgent_health THEN 'dong-nai-urgent-health-4h' ELSE 'dong-nai-24h' END, 'dueAt', s.due_at),
      s.received_at),
    (CASE WHEN s.went_to_agency THEN 'forwarded' END, 'received', 'forwarded', s.operator_id, NULL::uuid, NULL,
      jsonb_build_object('agencyId', s.handler, 'dueAt', s.due_at), s.fwd_at),
    (CASE WHEN s.status IN ('acknowledged', 'resolved') OR (s.status = 'returned' AND s.r1 < 0.5) THEN 'acknowledged' END,
      'forwarded', 'acknowledged', s.officer_id, s.handler, NULL, NULL::jsonb, s.ack_at),
    (CASE WHEN s.status = 'resolved' AND s.r2 < 0.3 THEN 'progress' END, 'acknowledged', 'acknowledged', s.officer_id, s.handler,
      'Đơn vị đang phối hợp xác minh, sẽ trả lời trong thời gian sớm nhất.', NULL::jsonb, s.ack_at + (s.closed_at - s.ack_at) / 2),
    (CASE WHEN s.status IN ('resolved', 'answered', 'refused') THEN s.status::text END,
      CASE WHEN s.status = 'resolved' THEN 'acknowledged' ELSE 'received' END, s.status::text,
      CASE WHEN s.status = 'resolved' THEN s.officer_id ELSE s.operator_id END,
      CASE WHEN s.status = 'resolved' THEN s.handler END, s.result_text, NULL::jsonb, s.closed_at),
    (CASE WHEN s.status = 'returned' THEN 'returned' END, CASE WHEN s.r1 < 0.5 THEN 'acknowledged' ELSE 'forwarded' END, 'returned',
      s.officer_id, s.handler, v.returned[1 + floor(s.r6 * array_length(v.returned, 1))::int], NULL::jsonb, s.closed_at)
  ) AS e(type, from_status, to_status, actor, actor_agency, note, data, at)
  WHERE e.type IS NOT NULL
),
ins_calls AS (
  INSERT INTO calls (id, channel_id, caller_number, dialled_number, status, outcome, field_id, priority, ivr_path,
    operator_user_id, arrived_at, answered_at, enqueued_at, offered_at, operator_answered_at, ended_at,
    hangup_cause, hangup_cause_text, hangup_side, created_at, updated_at)
  SELECT c.call_id, 'bench-' || c.call_id, c.phone, CASE WHEN c.r4 < 0.8 THEN '1022' ELSE '02511022' END, 'ended', 'completed',
    c.field_id, CASE WHEN c.urgent THEN 1 ELSE 0 END, '[]'::jsonb, c.operator_id, c.received_at,
    c.received_at + interval '1 second', c.enqueued_at, c.offered_at, c.op_answered_at, c.ended_at,
    16, 'Normal Clearing', CASE WHEN c.r5 < 0.7 THEN 'caller' ELSE 'operator' END::hangup_side, c.received_at, c.ended_at
  FROM calls_t c
),
ins_links AS (
  INSERT INTO ticket_calls (ticket_id, call_id) SELECT c.id, c.call_id FROM calls_t c
),
ins_states AS (
  INSERT INTO agent_state_history (user_id, state, call_id, started_at, ended_at)
  SELECT c.operator_id, h.state::agent_state, c.call_id, h.started_at, h.ended_at
  FROM calls_t c CROSS JOIN LATERAL (VALUES
    ('ringing', c.offered_at, c.op_answered_at),
    ('on_call', c.op_answered_at, c.ended_at),
    ('wrap_up', c.ended_at, c.ended_at + make_interval(secs => 10 + c.r2 * 30))
  ) AS h(state, started_at, ended_at)
)
-- calls that never became tickets: hung up in the IVR or in the queue, 0–2 h before a ticket of the day
INSERT INTO calls (channel_id, caller_number, dialled_number, status, outcome, field_id, ivr_path, arrived_at, answered_at,
  enqueued_at, ended_at, hangup_cause, hangup_cause_text, hangup_side, created_at, updated_at)
SELECT 'bench-abandoned-' || a.id, v.prefixes[(1 + (a.p + 7) % array_length(v.prefixes, 1))::int] || lpad((((a.p + 7) * 7919 + 1234567) % 10000000)::text, 7, '0'),
  '1022', 'ended', CASE WHEN a.r1 < 0.35 THEN 'abandoned_ivr' ELSE 'abandoned_queue' END::call_outcome,
  CASE WHEN a.r1 < 0.35 THEN NULL ELSE a.field_id END, '[]'::jsonb, a.arrived_at, a.arrived_at + interval '1 second',
  CASE WHEN a.r1 < 0.35 THEN NULL ELSE a.arrived_at + interval '25 seconds' END,
  a.arrived_at + make_interval(secs => 20 + a.r2 * 180), 16, 'Normal Clearing', 'caller', a.arrived_at, a.arrived_at + make_interval(secs => 20 + a.r2 * 180)
FROM (SELECT s.*, s.received_at - make_interval(secs => s.r6 * 7200) AS arrived_at FROM src s WHERE s.channel = 'phone' AND s.r7 < 0.18) a CROSS JOIN v
`;

/** Each operator's working day: an 'available' interval 07:00–17:00 (local), every weekday of the load. */
const shiftsSql = (vocabulary: string) => `
INSERT INTO agent_state_history (user_id, state, reason, started_at, ended_at)
SELECT o.id, 'available', NULL, d.day_start + interval '7 hours', least(d.day_start + interval '17 hours', now())
FROM bench_days d CROSS JOIN (SELECT unnest(operators) AS id FROM (${vocabulary}) v) o
WHERE extract(isodow FROM d.day) < 6 AND d.day_start + interval '7 hours' < now()
`;
