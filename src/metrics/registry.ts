/**
 * The Prometheus metrics of one app (issue 16): a registry of its own (tests build several apps in one process),
 * Node's process metrics, histograms fed as things happen (HTTP, ARI, queue waits) and gauges read from the
 * database and the app's state at each scrape (calls, operators, tickets, SMS and channel outboxes, deadline watch,
 * the database connections' use).
 * Names and labels: monitoring/README.md.
 */
import { sql } from 'drizzle-orm';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Database } from '../db/client.js';
import type { PoolUseSnapshot } from '../db/pool-use.js';
import { channelKinds } from '../channels/types.js';
import type { AriLinkStatus } from '../telephony/status.js';

export interface MetricsSources {
  db: Database;
  ariLink: () => AriLinkStatus;
  lineCapacity: () => number | undefined;
  queueLength: () => number;
  /** The database connections' use (src/db/pool-use.ts). */
  poolUse: () => PoolUseSnapshot;
  now?: () => Date;
}

const ariStates = ['not_configured', 'connecting', 'connected', 'disconnected'] as const;
const callStatuses = ['arrived', 'ivr', 'queued', 'offered', 'connected', 'transferring'] as const;
const agentStates = ['offline', 'available', 'ringing', 'on_call', 'wrap_up', 'paused'] as const;
/** The SMS outbox's and the channel outbox's statuses. */
const smsStatuses = ['pending', 'sent', 'failed'] as const;

export class AppMetrics {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'tongdai_http_request_duration_seconds',
    help: 'HTTP requests by route (the route pattern, not the URL), method and status',
    labelNames: ['method', 'route', 'status_code'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly ariRequestDuration = new Histogram({
    name: 'tongdai_ari_request_duration_seconds',
    help: 'ARI REST requests to Asterisk by operation and HTTP status (0: no answer)',
    labelNames: ['operation', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers: [this.registry],
  });
  readonly ariEvents = new Counter({
    name: 'tongdai_ari_events_total',
    help: 'ARI events received from Asterisk, by type',
    labelNames: ['type'] as const,
    registers: [this.registry],
  });
  readonly queueWait = new Histogram({
    name: 'tongdai_queue_wait_seconds',
    help: 'Time callers waited in the operator queue, by whether an operator answered',
    labelNames: ['answered'] as const,
    buckets: [5, 10, 20, 30, 60, 90, 120, 180, 300, 600],
    registers: [this.registry],
  });
  readonly #gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [this.registry] });
  readonly #ariConnected = this.#gauge('tongdai_ari_connected', '1 while the ARI link to Asterisk is up');
  readonly #ariState = this.#gauge('tongdai_ari_state', 'The ARI link state: 1 for the current one', ['state']);
  readonly #ariStateSeconds = this.#gauge('tongdai_ari_state_seconds', 'Seconds the ARI link has been in its current state');
  readonly #lineCapacity = this.#gauge('tongdai_line_capacity', 'Simultaneous calls the hotline accepts now (R2)');
  readonly #linesInUse = this.#gauge('tongdai_lines_in_use', 'Calls not ended: each holds a line');
  readonly #calls = this.#gauge('tongdai_calls', 'Calls not ended, by status', ['status']);
  readonly #queueLength = this.#gauge('tongdai_queue_length', 'Callers waiting for an operator');
  readonly #queueOldest = this.#gauge('tongdai_queue_oldest_wait_seconds', 'How long the longest-waiting caller has waited');
  readonly #agents = this.#gauge('tongdai_agents', 'Operators by state', ['state']);
  readonly #ticketsOpen = this.#gauge('tongdai_tickets_open', 'Tickets not closed (drafts excluded)');
  readonly #ticketsOverdue = this.#gauge('tongdai_tickets_overdue', 'Open tickets past their deadline');
  readonly #deadlineLag = this.#gauge(
    'tongdai_deadline_watch_lag_seconds',
    'Seconds since the oldest passed deadline of an open ticket that has no overdue notice yet (0: none waiting)',
  );
  readonly #sms = this.#gauge('tongdai_sms_outbox', 'SMS messages by status (pending = the outbox depth)', ['status']);
  readonly #smsOldestPending = this.#gauge('tongdai_sms_outbox_oldest_pending_seconds', 'Age of the oldest SMS still to send');
  readonly #channelOutbox = this.#gauge(
    'tongdai_channel_outbox',
    'Messages to citizens on the written channels by channel and status (pending = the outbox depth, failed = given up)',
    ['channel', 'status'],
  );
  readonly #channelOldestPending = this.#gauge('tongdai_channel_outbox_oldest_pending_seconds', 'Age of the oldest channel message still to send, by channel', ['channel']);
  readonly #dbConnections = this.#gauge('tongdai_db_connections', 'Database connections this instance may use (the pool size; PGlite: 1)');
  readonly #dbInUse = this.#gauge('tongdai_db_connections_in_use', 'Statements and transactions holding a database connection now (before this scrape\'s own)');
  readonly #dbWaiting = this.#gauge('tongdai_db_connections_waiting', 'Statements and transactions waiting for a database connection now');
  readonly #dbBusy = new Counter({
    name: 'tongdai_db_connection_busy_seconds_total',
    help: 'Connection-seconds the database connections were in use: its rate is the average number in use',
    registers: [this.registry],
  });
  #dbBusyReported = 0;
  readonly #kbImports = this.#gauge('tongdai_kb_imports_queued', 'Knowledge-base imports queued or running');
  readonly #scrapeDb = this.#gauge('tongdai_metrics_database_seconds', 'Time the database took to answer this scrape');

  constructor(private readonly sources: MetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'tongdai_' });
  }

  /** Reads the gauges, then the whole registry in the text format. */
  async scrape(): Promise<string> {
    await this.#refresh();
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async #refresh(): Promise<void> {
    const now = this.sources.now?.() ?? new Date();
    const link = this.sources.ariLink();
    this.#ariConnected.set(link.state === 'connected' ? 1 : 0);
    for (const state of ariStates) this.#ariState.set({ state }, link.state === state ? 1 : 0);
    this.#ariStateSeconds.set(Math.max(0, (now.getTime() - link.since.getTime()) / 1000));
    const capacity = this.sources.lineCapacity();
    if (capacity !== undefined) this.#lineCapacity.set(capacity);
    this.#queueLength.set(this.sources.queueLength());

    // Before this scrape's own queries, which would count themselves.
    const pool = this.sources.poolUse();
    this.#dbConnections.set(pool.size);
    this.#dbInUse.set(pool.inUse);
    this.#dbWaiting.set(pool.waiting);
    this.#dbBusy.inc(Math.max(0, pool.busySeconds - this.#dbBusyReported));
    this.#dbBusyReported = Math.max(this.#dbBusyReported, pool.busySeconds);

    const started = process.hrtime.bigint();
    const db = this.sources.db;
    const at = now.toISOString();
    const [calls, agents, tickets, sms, channels, kb] = await Promise.all([
      db.execute(sql`
        select status::text as status, count(*)::int as n,
               extract(epoch from (${at}::timestamptz - min(enqueued_at) filter (where status = 'queued')))::float8 as oldest_queued
        from calls where status <> 'ended' group by status`),
      db.execute(sql`select state::text as state, count(*)::int as n from agent_states group by state`),
      db.execute(sql`
        select count(*)::int as open,
               (count(*) filter (where due_at < ${at}::timestamptz))::int as overdue,
               extract(epoch from (${at}::timestamptz - min(due_at) filter (
                 where due_at < ${at}::timestamptz
                   and not exists (select 1 from notifications n where n.ticket_id = tickets.id and n.kind = 'ticket.overdue')
               )))::float8 as lag
        from tickets where draft = false and status not in ('answered', 'refused', 'resolved')`),
      db.execute(sql`
        select status::text as status, count(*)::int as n,
               extract(epoch from (${at}::timestamptz - min(created_at)))::float8 as oldest
        from sms_messages group by status`),
      db.execute(sql`
        select c.channel::text as channel, m.status::text as status, count(*)::int as n,
               extract(epoch from (${at}::timestamptz - min(m.created_at)))::float8 as oldest
        from conversation_messages m join conversations c on c.id = m.conversation_id
        where m.direction = 'out' group by c.channel, m.status`),
      db.execute(sql`select count(*)::int as n from kb_imports where status = 'queued'`),
    ]);
    this.#scrapeDb.set(Number(process.hrtime.bigint() - started) / 1e9);

    const callRows = rowsOf<{ status: string; n: number; oldest_queued: number | null }>(calls);
    let inUse = 0;
    let oldestQueued = 0;
    for (const status of callStatuses) {
      const row = callRows.find((r) => r.status === status);
      this.#calls.set({ status }, row?.n ?? 0);
      inUse += row?.n ?? 0;
      if (row?.oldest_queued) oldestQueued = Math.max(0, Number(row.oldest_queued));
    }
    this.#linesInUse.set(inUse);
    this.#queueOldest.set(oldestQueued);
    const agentRows = rowsOf<{ state: string; n: number }>(agents);
    for (const state of agentStates) this.#agents.set({ state }, agentRows.find((r) => r.state === state)?.n ?? 0);
    const ticketRow = rowsOf<{ open: number; overdue: number; lag: number | null }>(tickets)[0];
    this.#ticketsOpen.set(ticketRow?.open ?? 0);
    this.#ticketsOverdue.set(ticketRow?.overdue ?? 0);
    this.#deadlineLag.set(Math.max(0, Number(ticketRow?.lag ?? 0)));
    const smsRows = rowsOf<{ status: string; n: number; oldest: number | null }>(sms);
    for (const status of smsStatuses) this.#sms.set({ status }, smsRows.find((r) => r.status === status)?.n ?? 0);
    this.#smsOldestPending.set(Math.max(0, Number(smsRows.find((r) => r.status === 'pending')?.oldest ?? 0)));
    const channelRows = rowsOf<{ channel: string; status: string; n: number; oldest: number | null }>(channels);
    for (const channel of channelKinds) {
      const of = (status: string) => channelRows.find((r) => r.channel === channel && r.status === status);
      for (const status of smsStatuses) this.#channelOutbox.set({ channel, status }, of(status)?.n ?? 0);
      this.#channelOldestPending.set({ channel }, Math.max(0, Number(of('pending')?.oldest ?? 0)));
    }
    this.#kbImports.set(rowsOf<{ n: number }>(kb)[0]?.n ?? 0);
  }
}

/** The rows of `execute`, whichever driver: PGlite answers `{ rows }`, postgres.js an array. */
function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  return ((result as { rows?: T[] }).rows ?? []) as T[];
}
