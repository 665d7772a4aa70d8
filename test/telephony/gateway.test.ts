import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from '../../src/app.js';
import { AriGateway } from '../../src/telephony/ari-gateway.js';
import { AriLink } from '../../src/telephony/status.js';
import { testEnv } from '../helpers/app.js';
import { callRow, expectNothingLeft, queuedCall, startTelephony, waitForEnd, type Telephony } from './support.js';

describe('ARI gateway against the fake Asterisk', () => {
  let t: Telephony;
  beforeAll(async () => {
    t = await startTelephony();
  });
  afterAll(async () => t?.close());
  afterEach(async () => {
    vi.useRealTimers();
    await t.calls.settled();
    expectNothingLeft(t);
  });

  const readiness = async () => (await t.app.inject({ method: 'GET', url: '/readyz' })).json<{ ari: { state: string } }>().ari.state;

  it('given the app started, when it is connected, then /readyz reports the ARI link connected and the app stays registered with subscribeAll=false', async () => {
    expect(await readiness()).toBe('connected');
    expect(t.fake.state().applications).toEqual([expect.objectContaining({ name: 'callcentre', connected: true, subscribeAll: false })]);
  });

  it('given the link to Asterisk is down, then /readyz answers 503 not_ready (the instance cannot take calls) and 200 once it is back; /healthz stays 200 (issue 11 item 7)', async () => {
    const ready = () => t.app.inject({ method: 'GET', url: '/readyz' });
    expect((await ready()).statusCode).toBe(200);
    t.fake.dropWebSockets({ refuseMs: 300 });
    await vi.waitFor(async () => expect((await ready()).statusCode).toBe(503), { timeout: 5_000, interval: 10 });
    expect((await ready()).json()).toMatchObject({ status: 'not_ready', database: { ok: true }, ari: { state: expect.stringMatching(/^(disconnected|connecting)$/) } });
    expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    await vi.waitFor(async () => expect((await ready()).json()).toMatchObject({ status: 'ready', ari: { state: 'connected' } }), { timeout: 10_000, interval: 20 });
    await t.calls.reconciled();
  });

  it('given a queued caller, when the WebSocket drops and reconnections are refused for 60 s, then it keeps retrying past ari-client\'s 10 tries, reconnects by itself and re-adopts the caller', async () => {
    const { channelId, callId } = await queuedCall(t);
    const before = { ...t.gateway.stats };
    // The fake refuses WebSocket upgrades until Date.now() passes the window. Only Date is faked (timers stay real):
    // the clock is frozen 61 s in the past during the outage, then comes back to the present — 60 s have "passed".
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 61_000);
    t.fake.dropWebSockets({ refuseMs: 60_000 });
    await vi.waitFor(() => expect(t.gateway.stats.attempts - before.attempts).toBeGreaterThan(12), { timeout: 10_000, interval: 20 });
    expect(await readiness()).toBe('disconnected');
    expect(t.calls.deps.registry.size).toBe(0); // detached, not hung up
    expect(t.fake.state().channels.map((c) => c.id)).toEqual([channelId]);
    vi.useRealTimers();
    await vi.waitFor(() => expect(t.gateway.stats.connections).toBe(before.connections + 1), { timeout: 5_000, interval: 20 });
    expect(await readiness()).toBe('connected');
    await t.calls.reconciled();
    expect(t.calls.deps.registry.get(callId)?.status).toBe('queued');
    expect(t.fake.state().bridges).toEqual([expect.objectContaining({ id: `hold-${callId}`, channels: [channelId], moh: true })]);
    t.fake.hangupFromFarEnd(channelId);
    expect(await waitForEnd(t, channelId)).toMatchObject({ outcome: 'abandoned_queue', hangupSide: 'caller' });
  });

  it('given a queued caller, when Asterisk restarts, then the caller is gone, the record is closed and the app reconnects', async () => {
    const { channelId } = await queuedCall(t);
    const connections = t.gateway.stats.connections;
    await t.fake.restart({ downMs: 100 });
    await vi.waitFor(() => expect({ ...t.gateway.stats, link: t.app.ariLink.status }).toMatchObject({ connections: connections + 1 }), { timeout: 5_000, interval: 20 });
    await t.calls.reconciled();
    const row = await waitForEnd(t, channelId);
    expect(row.outcome).toBe('abandoned_queue');
    expect((await callRow(t, channelId))?.endedAt).toBeInstanceOf(Date);
    expect(await readiness()).toBe('connected');
  });

  it('given ari-client loading the Swagger API, when it prints its deprecation line, then the line goes to the logger, not to stdout', async () => {
    const printed = vi.spyOn(console, 'log');
    const notices: unknown[] = [];
    const log = { debug: (o: unknown) => notices.push(o), info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as FastifyBaseLogger;
    const link = new AriLink(true);
    const gateway = new AriGateway({ url: t.fake.url, username: t.fake.username, password: t.fake.password, app: 'probe', log, link });
    gateway.start();
    await vi.waitFor(() => expect(link.status).toMatchObject({ state: 'connected' }));
    await gateway.close();
    expect(printed.mock.calls.flat().join(' ')).not.toMatch(/Swagger/i);
    expect(JSON.stringify(notices)).toMatch(/deprecated version of Swagger/);
    printed.mockRestore();
  });

  it('given ARI_URL unset, when the app starts, then nothing connects and /readyz says not_configured', async () => {
    const app = await buildApp({ env: testEnv({}), database: t.database, logger: false });
    await app.ready();
    const body = (await app.inject({ method: 'GET', url: '/readyz' })).json<{ status: string; ari: { state: string } }>();
    expect(body).toMatchObject({ status: 'ready', ari: { state: 'not_configured' } });
    expect(app.calls).toBeNull();
    await app.close();
  });
});
