/**
 * A stateful fake Asterisk 22 ARI server for tests: HTTP ARI under /ari, the events
 * WebSocket at /ari/events, and test controls under /__control (see README.md).
 *
 *   const fake = await startFakeAri();
 *   const client = await ari.connect(fake.url, fake.username, fake.password);
 *   fake.placeCall({ from: '0912345678', to: '1022' });
 *   …
 *   await fake.close();
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Clock, Scheduler } from './core/clock.js';
import { IdAllocator } from './core/ids.js';
import { controlRouter } from './control/http.js';
import { FakeAri, type Internals } from './control/fake-ari.js';
import { Host } from './control/host.js';
import type { Ctx, ResolvedOptions } from './engine/ctx.js';
import { AppRegistry } from './events/apps.js';
import { EventBus } from './events/bus.js';
import { EventSockets } from './events/websocket.js';
import { createRequestHandler, type InjectedFault } from './http/ari-http.js';
import { Router } from './http/router.js';
import { apiDocRoutes } from './http/routes/api-docs.js';
import { applicationRoutes } from './http/routes/applications.js';
import { asteriskRoutes } from './http/routes/asterisk.js';
import { bridgeRoutes } from './http/routes/bridges.js';
import { channelRoutes } from './http/routes/channels.js';
import { playbackRoutes } from './http/routes/playbacks.js';
import { recordingRoutes } from './http/routes/recordings.js';
import { endpointRoutes } from './http/routes/endpoints.js';
import { World } from './model/world.js';
import type { FakeAriOptions, RecordedRequest } from './types.js';

export { FakeAri } from './control/fake-ari.js';
export type { AriEvent, WaitForEventOptions } from './control/fake-ari.js';
export type * from './types.js';

function resolveOptions(options: FakeAriOptions): { resolved: ResolvedOptions; ownsDir: boolean } {
  const ownsDir = options.recordingsDir === undefined;
  return {
    ownsDir,
    resolved: {
      username: options.username ?? 'ari',
      password: options.password ?? 'ari',
      recordingsDir: options.recordingsDir ?? mkdtempSync(join(tmpdir(), 'fake-ari-recordings-')),
      defaultApp: options.defaultApp ?? 'callcentre',
      asteriskId: options.asteriskId ?? '02:fc:00:00:00:01',
      noise: options.noise ?? false,
      duplicateBridgeRecordingEvents: options.duplicateBridgeRecordingEvents ?? true,
      defaultEndpoint: options.defaultEndpoint ?? { behaviour: { kind: 'answer', afterMs: 20 } },
      dialplanFallback: options.dialplanFallback,
      timing: {
        defaultMediaMs: 50,
        ringAfterMs: 1,
        dialTimeoutScale: 1,
        continueHangupAfterMs: 5,
        restartSocketCloseMs: 10,
        recorderNoAudioMs: 4000,
        ...options.timing,
        mediaMs: { ...options.timing?.mediaMs },
      },
    },
  };
}

/** Start a fake Asterisk on 127.0.0.1 with a random port. */
export async function startFakeAri(options: FakeAriOptions = {}): Promise<FakeAri> {
  const { resolved, ownsDir } = resolveOptions(options);
  const errors: unknown[] = [];
  const clock = new Clock();
  const scheduler = new Scheduler((error) => errors.push(error));
  const world = new World();
  const apps = new AppRegistry();
  const ctx: Ctx = {
    opts: resolved,
    clock,
    scheduler,
    ids: new IdAllocator(() => clock.now()),
    world,
    apps,
    bus: new EventBus(apps, world, clock, resolved.asteriskId),
    reportError: (error) => errors.push(error),
  };
  const startedAt = { value: clock.now() };
  const ari = new Router();
  apiDocRoutes(ari);
  asteriskRoutes(ari, ctx, () => startedAt.value);
  applicationRoutes(ari, ctx);
  channelRoutes(ari, ctx);
  bridgeRoutes(ari, ctx);
  playbackRoutes(ari, ctx);
  recordingRoutes(ari, ctx);
  endpointRoutes(ari, ctx);
  const requestLog: RecordedRequest[] = [];
  const sockets = new EventSockets(ctx);
  const control = new Router();
  const faults: InjectedFault[] = [];
  const handler = createRequestHandler({ ctx, ari, control, log: requestLog, faults });
  const host = new Host(handler, sockets);
  const internals: Internals = { ctx, host, sockets, requestLog, faults, errors, ownsRecordingsDir: ownsDir, startedAt };
  const fake = new FakeAri(internals);
  // The control routes call FakeAri methods, so they are mounted once the FakeAri exists.
  control.use(controlRouter(fake));
  await host.listen(0);
  return fake;
}
