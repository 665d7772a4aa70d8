import { readFileSync } from 'node:fs';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'drizzle-orm';
import { agentStates, calls, conversationMessages, conversations, tickets } from '../../src/db/schema/index.js';
import { addressAllowed } from '../../src/metrics/access.js';
import { ariOperation, probes } from '../../src/metrics/probes.js';
import { createTestUser, login, startTestApp, type TestApp } from '../helpers/app.js';
import { testDriver } from '../helpers/db.js';

const token = 'jeton-prometheus-0123456789';

/** Issue 16: /metrics in the Prometheus text format, for Prometheus only. */
describe(`GET /metrics (${testDriver()})`, () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_TOKEN: token, METRICS_ALLOW: '10.1.0.0/16' });
    const operator = await createTestUser(t, 'metrics-op', 'operator');
    await t.database.db.insert(agentStates).values({ userId: operator.id, state: 'available' });
    await t.database.db.insert(calls).values([
      { channelId: 'm-1', callerNumber: '0912345678', dialledNumber: '1022', status: 'queued', enqueuedAt: new Date(Date.now() - 45_000) },
      { channelId: 'm-2', callerNumber: '0912345679', dialledNumber: '1022', status: 'connected' },
      { channelId: 'm-3', callerNumber: '0912345670', dialledNumber: '1022', status: 'ended', endedAt: new Date() },
    ]);
    await t.database.db.insert(tickets).values([
      { receiptCode: 'M-1', channel: 'phone', content: 'x', status: 'forwarded', dueAt: new Date(Date.now() - 3_600_000) },
      { receiptCode: 'M-2', channel: 'phone', content: 'x', status: 'received', dueAt: new Date(Date.now() + 3_600_000) },
      { receiptCode: 'M-3', channel: 'phone', content: 'x', status: 'resolved', dueAt: new Date(Date.now() - 3_600_000) },
    ]);
  });
  afterAll(() => t.close());

  const scrape = (headers: Record<string, string> = { authorization: `Bearer ${token}` }, remoteAddress?: string) =>
    t.app.inject({ method: 'GET', url: '/metrics', headers, ...(remoteAddress ? { remoteAddress } : {}) });
  const value = (families: ReturnType<typeof parsePrometheusTextFormat>, name: string, labels: Record<string, string> = {}) => {
    const family = families.find((f) => f.name === name);
    const sample = family?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
    return sample?.value === undefined ? undefined : Number(sample.value);
  };

  it('given the token, then the text format parses, with calls, queue, operators, tickets, SMS outbox, ARI and process figures', async () => {
    await t.app.inject({ method: 'GET', url: '/healthz' });
    probes.ariRequest(ariOperation('POST', '/channels/abc-123/answer'), 0.012, 204);
    probes.ariEvent('StasisStart');
    probes.queueWait(42, true);
    const response = await scrape();
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    const families = parsePrometheusTextFormat(response.body);
    expect(value(families, 'tongdai_calls', { status: 'queued' })).toBe(1);
    expect(value(families, 'tongdai_calls', { status: 'connected' })).toBe(1);
    expect(value(families, 'tongdai_lines_in_use')).toBe(2);
    expect(value(families, 'tongdai_queue_oldest_wait_seconds')).toBeGreaterThanOrEqual(44);
    expect(value(families, 'tongdai_queue_length')).toBe(0);
    expect(value(families, 'tongdai_agents', { state: 'available' })).toBe(1);
    expect(value(families, 'tongdai_tickets_open')).toBe(2);
    expect(value(families, 'tongdai_tickets_overdue')).toBe(1);
    expect(value(families, 'tongdai_deadline_watch_lag_seconds')).toBeGreaterThanOrEqual(3599);
    expect(value(families, 'tongdai_sms_outbox', { status: 'pending' })).toBe(0);
    expect(value(families, 'tongdai_ari_connected')).toBe(0);
    expect(value(families, 'tongdai_ari_state', { state: 'not_configured' })).toBe(1);
    expect(value(families, 'tongdai_ari_events_total', { type: 'StasisStart' })).toBe(1);
    // The parser keeps a histogram's buckets but not its labels: those are read from the lines themselves.
    for (const name of ['tongdai_ari_request_duration_seconds', 'tongdai_queue_wait_seconds', 'tongdai_http_request_duration_seconds']) {
      expect(families.find((f) => f.name === name)?.type).toBe('HISTOGRAM');
    }
    expect(response.body).toContain('tongdai_ari_request_duration_seconds_count{operation="POST /channels/:id/answer",status="204"} 1');
    expect(response.body).toContain('tongdai_queue_wait_seconds_bucket{le="60",answered="yes"} 1');
    expect(response.body).toContain('tongdai_queue_wait_seconds_bucket{le="30",answered="yes"} 0');
    expect(response.body).toMatch(/tongdai_http_request_duration_seconds_count\{method="GET",route="\/healthz",status_code="200"\} 1/);
    expect(value(families, 'tongdai_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(families.some((f) => f.name === 'tongdai_nodejs_eventloop_lag_seconds')).toBe(true);
  });

  it('given messages to citizens on the written channels, then the channel outbox depth, oldest pending and failures per channel', async () => {
    const [ticket] = await t.database.db.insert(tickets).values({ receiptCode: 'M-4', channel: 'zalo', content: 'x', status: 'received' }).returning();
    const [zalo] = await t.database.db
      .insert(conversations)
      .values({ ticketId: ticket!.id, channel: 'zalo', citizenAddress: 'zalo-metrics', lastInboundAt: new Date(), lastMessageAt: new Date() })
      .returning();
    const out = (status: 'pending' | 'sent' | 'failed', ageMs: number) =>
      ({ conversationId: zalo!.id, direction: 'out' as const, kind: 'reply' as const, body: 'x', status, createdAt: new Date(Date.now() - ageMs) });
    await t.database.db.insert(conversationMessages).values([
      out('pending', 600_000), out('pending', 1_000), out('failed', 0), out('sent', 0),
      { conversationId: zalo!.id, direction: 'in', kind: 'citizen', body: 'x' },
    ]);
    const families = parsePrometheusTextFormat((await scrape()).body);
    expect(value(families, 'tongdai_channel_outbox', { channel: 'zalo', status: 'pending' })).toBe(2);
    expect(value(families, 'tongdai_channel_outbox', { channel: 'zalo', status: 'failed' })).toBe(1);
    expect(value(families, 'tongdai_channel_outbox', { channel: 'zalo', status: 'sent' })).toBe(1);
    expect(value(families, 'tongdai_channel_outbox', { channel: 'email', status: 'pending' })).toBe(0);
    expect(value(families, 'tongdai_channel_outbox_oldest_pending_seconds', { channel: 'zalo' })).toBeGreaterThanOrEqual(599);
    expect(value(families, 'tongdai_channel_outbox_oldest_pending_seconds', { channel: 'facebook' })).toBe(0);
  });

  it('given transactions holding every database connection and one more waiting, then the pool use says so; afterwards none in use and the busy time grew', async () => {
    const size = t.database.poolUse().size;
    expect(size).toBe(testDriver() === 'postgres' ? 10 : 1);
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const held = Array.from({ length: size + 1 }, () => t.database.db.transaction(async (tx) => {
      await tx.execute(sql`select 1`);
      await released;
    }));
    await vi.waitFor(() => expect(t.database.poolUse()).toMatchObject({ inUse: size, waiting: 1 }), { timeout: 5_000, interval: 10 });
    const before = t.database.poolUse().busySeconds;
    release();
    await Promise.all(held);
    const after = t.database.poolUse();
    expect(after).toMatchObject({ inUse: 0, waiting: 0 });
    expect(after.busySeconds).toBeGreaterThan(before);
    const families = parsePrometheusTextFormat((await scrape()).body);
    expect(value(families, 'tongdai_db_connections')).toBe(size);
    expect(value(families, 'tongdai_db_connections_in_use')).toBe(0);
    expect(value(families, 'tongdai_db_connections_waiting')).toBe(0);
    expect(value(families, 'tongdai_db_connection_busy_seconds_total')).toBeGreaterThanOrEqual(after.busySeconds - 1e-6);
  });

  it.runIf(testDriver() === 'postgres')('given a statement running outside a transaction (PostgreSQL), then it counts as a connection in use until it is answered', async () => {
    // drizzle's query runs when it is awaited: then() starts it.
    const running = t.database.db.execute(sql`select pg_sleep(0.3)`).then(() => undefined);
    await vi.waitFor(() => expect(t.database.poolUse().inUse).toBe(1), { timeout: 2_000, interval: 5 });
    await running;
    expect(t.database.poolUse().inUse).toBe(0);
  });

  it('given the Grafana dashboard and the alert rules in monitoring/, then every metric they name is one the server exposes', async () => {
    const exposed = new Set(parsePrometheusTextFormat((await scrape()).body).map((f) => f.name));
    const dashboard = readFileSync(new URL('../../monitoring/grafana-dashboard.json', import.meta.url), 'utf8');
    const alerts = readFileSync(new URL('../../monitoring/alerts.yml', import.meta.url), 'utf8');
    expect(() => JSON.parse(dashboard) as unknown).not.toThrow();
    const named = new Set([...`${dashboard}\n${alerts}`.matchAll(/\btongdai_[a-z0-9_]+/g)].map((m) => m[0].replace(/_(bucket|count|sum)$/, '')));
    named.delete('tongdai_1022'); // the dashboard's uid
    expect([...named].filter((name) => !exposed.has(name))).toEqual([]);
    expect(named.size).toBeGreaterThan(12);
  });

  it('given no token, a wrong one, or a session of an admin, then 401; from an allowed address, 200', async () => {
    expect((await scrape({})).statusCode).toBe(401);
    expect((await scrape({ authorization: 'Bearer jeton-prometheus-0123456780' })).statusCode).toBe(401);
    expect((await scrape({ authorization: token })).statusCode).toBe(401);
    await createTestUser(t, 'metrics-admin', 'admin');
    expect((await scrape({ cookie: await login(t, 'metrics-admin') })).statusCode).toBe(401);
    expect((await scrape({}, '10.1.200.7')).statusCode).toBe(200);
    expect((await scrape({}, '10.2.0.1')).statusCode).toBe(401);
  });

  it('given neither a token nor addresses configured, then nobody may scrape', async () => {
    const closed = await startTestApp();
    try {
      expect((await closed.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
      expect((await closed.app.inject({ method: 'GET', url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(401);
    } finally {
      await closed.close();
    }
  });

  it('given addresses and blocks, then IPv4 CIDR, exact IPv6 and IPv4-mapped addresses are matched', () => {
    expect(addressAllowed('192.168.1.20', ['192.168.1.0/24'])).toBe(true);
    expect(addressAllowed('192.168.2.20', ['192.168.1.0/24'])).toBe(false);
    expect(addressAllowed('::ffff:10.0.0.5', ['10.0.0.5'])).toBe(true);
    expect(addressAllowed('::1', ['::1'])).toBe(true);
    expect(addressAllowed('::1', ['127.0.0.0/8'])).toBe(false);
    expect(ariOperation('GET', '/channels')).toBe('GET /channels');
    expect(ariOperation('DELETE', '/bridges/b-1')).toBe('DELETE /bridges/:id');
  });
});
