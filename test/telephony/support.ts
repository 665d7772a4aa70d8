import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import { vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import type { CallControl } from '../../src/calls/control.js';
import type { DatabaseHandle } from '../../src/db/client.js';
import { calls, fields, inboundNumbers, ivrMenus, lineCapacitySchedules, recordings } from '../../src/db/schema/index.js';
import type { IvrMenuDefinition } from '../../src/ivr/types.js';
import type { AriGateway } from '../../src/telephony/ari-gateway.js';
import { startFakeAri, type FakeAri, type FakeAriOptions } from '../fake-ari/server.js';
import { createTestDatabase } from '../helpers/db.js';
import { testEnv } from '../helpers/app.js';

/** A short menu for tests: greeting, then 1 = queue (health, priority 10), 2 = callback, 3 = goodbye. */
export const testMenu: IvrMenuDefinition = {
  start: 'greeting',
  nodes: {
    greeting: { kind: 'announcement', prompts: ['vi/greeting', 'vi/recording-notice'], bargeIn: false, next: { type: 'goto', node: 'main' } },
    main: {
      kind: 'menu',
      prompts: ['vi/main-menu'],
      options: {
        '1': { type: 'enqueue', fieldCode: 'y-te', priority: 10 },
        '2': { type: 'callback' },
        '3': { type: 'hangup', prompt: 'vi/goodbye' },
      },
      timeoutSeconds: 1,
      maxRetries: 1,
      invalidPrompt: 'vi/invalid-input',
      timeoutPrompt: 'vi/no-input',
      repeatKey: '*',
      onExhausted: { type: 'hangup', prompt: 'vi/goodbye' },
    },
  },
};

/** Prompt files present in the test PROMPTS_DIR; the others are missing (built-in fallback). */
const presentPrompts = ['greeting', 'recording-notice', 'main-menu', 'invalid-input', 'no-input', 'please-wait', 'over-capacity', 'callback-confirmed'];

export interface Telephony {
  fake: FakeAri;
  database: DatabaseHandle;
  app: FastifyInstance;
  calls: CallControl;
  gateway: AriGateway;
  recordingsDir: string;
  env: Record<string, string>;
  /** Kills the app (no hangups: as if the process died) and starts a new one on the same database and Asterisk. */
  restart(): Promise<void>;
  /** Closes the app only (the process died); calls stay in the fake. */
  kill(): Promise<void>;
  close(): Promise<void>;
}

export interface TelephonyOptions {
  fake?: FakeAriOptions;
  env?: Record<string, string>;
  /** Capacity rows; default: one all-day window with capacity 15. */
  capacity?: Array<{ startsAt: string; endsAt: string; capacity: number }>;
  menu?: IvrMenuDefinition;
  /** A migrated database to use instead of a fresh one (closed with the rest). */
  database?: DatabaseHandle;
}

export async function startTelephony(options: TelephonyOptions = {}): Promise<Telephony> {
  const fake = await startFakeAri({ ...options.fake, timing: { defaultMediaMs: 20, dialTimeoutScale: 0.01, ...options.fake?.timing } });
  const database = options.database ?? (await createTestDatabase());
  const work = mkdtempSync(path.join(tmpdir(), 'telephony-'));
  const recordingsDir = path.join(work, 'recordings');
  const promptsDir = path.join(work, 'prompts');
  mkdirSync(path.join(promptsDir, 'vi'), { recursive: true });
  for (const name of presentPrompts) writeFileSync(path.join(promptsDir, 'vi', `${name}.wav`), 'RIFF');
  await seed(database, options);
  const env = {
    ARI_URL: fake.url,
    ARI_USERNAME: fake.username,
    ARI_PASSWORD: fake.password,
    RECORDINGS_DIR: recordingsDir,
    PROMPTS_DIR: promptsDir,
    ARI_RECONNECT_MIN_MS: '20',
    ARI_RECONNECT_MAX_MS: '100',
    ARI_PING_INTERVAL_MS: '1000',
    OVER_CAPACITY_DIGIT_SECONDS: '1',
    ORIGINATE_TIMEOUT_SECONDS: '5',
    ...options.env,
  };
  let app = await startApp(env, database);
  const t: Telephony = {
    fake,
    database,
    app,
    calls: app.calls as CallControl,
    gateway: app.ariGateway as AriGateway,
    recordingsDir,
    env,
    kill: async () => {
      await t.app.close();
    },
    restart: async () => {
      await t.app.close();
      app = await startApp(env, database);
      t.app = app;
      t.calls = app.calls as CallControl;
      t.gateway = app.ariGateway as AriGateway;
    },
    close: async () => {
      await t.app.close();
      await fake.close();
      await database.close();
      rmSync(work, { recursive: true, force: true });
    },
  };
  return t;
}

async function startApp(env: Record<string, string>, database: DatabaseHandle): Promise<FastifyInstance> {
  const app = await buildApp({ env: testEnv(env), database, logger: false });
  await app.ready();
  await vi.waitFor(
    () => {
      if (app.ariLink.status.state !== 'connected') throw new Error(`ARI link ${app.ariLink.status.state}`);
    },
    { timeout: 15_000, interval: 20 },
  );
  await (app.calls as CallControl).reconciled();
  return app;
}

async function seed(database: DatabaseHandle, options: TelephonyOptions): Promise<void> {
  const db = database.db;
  await db.insert(fields).values({ code: 'y-te', name: 'Y tế' });
  const [menu] = await db.insert(ivrMenus).values({ code: 'test', name: 'Test', definition: options.menu ?? testMenu }).returning();
  await db.insert(inboundNumbers).values([
    { number: '1022', label: '1022', ivrMenuId: menu?.id ?? null },
    { number: '02511022', label: 'Số dài', ivrMenuId: menu?.id ?? null },
  ]);
  const windows = options.capacity ?? [{ startsAt: '00:00', endsAt: '00:00', capacity: 15 }];
  await db.insert(lineCapacitySchedules).values(windows.map((w, i) => ({ name: `w${i}`, ...w })));
}

/** The call's row, once the writes queued so far are committed (call records are written behind the call). */
export async function callRow(t: Telephony, channelId: string) {
  await t.calls.deps.records.settled();
  const [row] = await t.database.db.select().from(calls).where(eq(calls.channelId, channelId));
  return row;
}

export async function recordingRow(t: Telephony, callId: string) {
  await t.calls.deps.records.settled();
  return t.database.db.select().from(recordings).where(eq(recordings.callId, callId));
}

/** Waits until the call record has ended, then until call control has settled. */
export async function waitForEnd(t: Telephony, channelId: string) {
  await vi.waitFor(
    async () => {
      const row = await callRow(t, channelId);
      if (!row?.endedAt) throw new Error('call not ended yet');
    },
    { timeout: 5_000, interval: 20 },
  );
  await t.calls.settled();
  return (await callRow(t, channelId))!;
}

export async function waitForStatus(t: Telephony, channelId: string, status: string) {
  await vi.waitFor(
    async () => {
      const row = await callRow(t, channelId);
      if (row?.status !== status) throw new Error(`status ${row?.status}, waiting for ${status}`);
    },
    { timeout: 5_000, interval: 20 },
  );
  return (await callRow(t, channelId))!;
}

/** Waits until the main menu plays on the channel. */
export function menuPlayed(t: Telephony, channelId: string, since = 0) {
  return t.fake.waitForEvent(
    'PlaybackStarted',
    (e) => {
      const playback = e.playback as { media_uri: string; target_uri: string };
      return playback.media_uri.includes('main-menu') && playback.target_uri === `channel:${channelId}`;
    },
    { since },
  );
}

/** A caller who reached the queue (pressed 1 in the test menu). */
export async function queuedCall(t: Telephony, from = '0912345678') {
  const call = t.fake.placeCall({ from, to: '1022' });
  await menuPlayed(t, call.channelId);
  await t.fake.sendDtmf(call.channelId, '1');
  const row = await waitForStatus(t, call.channelId, 'queued');
  return { channelId: call.channelId, callId: row.id };
}

/** Media URIs played on a channel, in order. */
export function playedOn(t: Telephony, channelId: string): string[] {
  return t.fake
    .requests({ method: 'POST', path: new RegExp(`^/channels/${channelId.replace('.', '\\.')}/play`) })
    .map((r) => String(r.query.media));
}

/** Nothing of the call is left: no channel, bridge, playback; no call, timer or per-call listener in the app. */
export function expectNothingLeft(t: Telephony): void {
  const state = t.fake.state();
  const leftovers = {
    channels: state.channels.map((c) => c.id),
    bridges: state.bridges.map((b) => b.id),
    playbacks: state.playbacks.map((p) => p.id),
    liveRecordings: state.liveRecordings.map((r) => r.name),
    registry: t.calls.deps.registry.size,
    timers: t.calls.deps.registry.timers.count,
    channelListeners: t.gateway.listenerCounts().channels,
    fakeErrors: t.fake.errors().length,
  };
  const clean = { channels: [], bridges: [], playbacks: [], liveRecordings: [], registry: 0, timers: 0, channelListeners: 0, fakeErrors: 0 };
  if (JSON.stringify(leftovers) !== JSON.stringify(clean)) throw new Error(`left behind: ${JSON.stringify(leftovers)}`);
}
