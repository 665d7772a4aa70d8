import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { Harness } from './support/harness.js';
import { TestApp } from './support/test-app.js';

/** Application lifecycle, outages and restarts (README findings 13–16). */
describe('fake ARI applications and outages', () => {
  const harness = new Harness();
  afterEach(() => harness.closeAll());

  it('given subscribeAll=true, when the socket closes, then the application is destroyed (GET → 404)', async () => {
    const { fake, app } = await harness.start({}, true);
    fake.placeCall({ from: '0912345678' });
    expect((await app.rest('GET', '/applications/callcentre')).body).toMatchObject({ channel_ids: ['__AST_CHANNEL_ALL_TOPIC'] });
    await app.close();
    const other = await harness.app(fake, { app: 'observer' });
    await other.until(() => (fake.state().applications.length === 1 ? true : undefined));
    expect(await other.rest('GET', '/applications/callcentre')).toEqual({ status: 404, body: { message: 'Application not found' } });
  });

  it('given subscribeAll=false, when the socket dies, then the app stays registered, inactive, listing its parked channels, and new calls fail with 603', async () => {
    const { fake, app } = await harness.start({}, false);
    const parked = fake.placeCall({ from: '0912345678' }).channelId;
    await app.rest('POST', `/channels/${parked}/answer`);
    await app.rest('POST', `/channels/${parked}/moh`);
    expect(fake.dropWebSockets()).toBe(1);
    expect(fake.state().applications).toEqual([{ name: 'callcentre', connected: false, subscribeAll: false, channel_ids: [parked], bridge_ids: [] }]);
    const during = fake.placeCall({ from: '0912000000' });
    expect(during).toMatchObject({ outcome: 'failed', sipStatus: 603 });
    expect(fake.state().channels.map((c) => c.id)).toEqual([parked]);
  });

  it('given calls parked in Stasis, when the app is killed and reconnects, then nothing is replayed and the old calls can still be controlled', async () => {
    const { fake, app } = await harness.start({}, true);
    const parked = fake.placeCall({ from: '0912345678' }).channelId;
    await app.rest('POST', `/channels/${parked}/answer`);
    // A generous refusal window: a loaded CI machine may take a while to attempt the connection.
    fake.dropWebSockets({ refuseMs: 1_000 });
    await expect(TestApp.connect(fake)).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 1_050));
    const again = await harness.app(fake);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(again.events).toEqual([]);
    expect(((await again.rest('GET', '/channels')).body as Array<{ id: string }>).map((c) => c.id)).toEqual([parked]);
    expect((await again.rest('DELETE', `/channels/${parked}`)).status).toBe(204);
    await again.waitFor('StasisEnd');
  });

  it('given a connected app, when a second connection registers the same app, then the old one gets ApplicationReplaced and closing it keeps the app', async () => {
    const { fake, app: oldApp } = await harness.start({}, true);
    const newApp = await harness.app(fake);
    const replaced = await oldApp.waitFor('ApplicationReplaced');
    expect(replaced).toMatchObject({ type: 'ApplicationReplaced', application: 'callcentre', asterisk_id: '02:fc:00:00:00:01' });
    await oldApp.close();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    expect((await newApp.waitFor('StasisStart')).channel).toMatchObject({ id: channelId });
    expect(oldApp.types()).toEqual(['ApplicationReplaced']);
  });

  it('given subscribeAll=false, then the app gets only the events of its own channels and bridges (no ChannelCreated, no BridgeCreated)', async () => {
    const { fake, app } = await harness.start({}, false);
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', '/bridges', { bridgeId: 'br-1' });
    await app.rest('POST', '/bridges/br-1/addChannel', { channel: channelId });
    await app.rest('DELETE', `/channels/${channelId}`);
    await app.rest('DELETE', '/bridges/br-1');
    await app.waitFor('BridgeDestroyed');
    expect(app.types()).toEqual(['StasisStart', 'ChannelEnteredBridge', 'ChannelHangupRequest', 'ChannelLeftBridge', 'StasisEnd', 'BridgeDestroyed']);
  });

  it('given Asterisk restarts, then calls are hung up with cause 4, the socket closes with 1006, ARI refuses connections, then comes back with ids from <epoch>.0', async () => {
    const { fake, app } = await harness.start({}, true);
    const { channelId } = fake.placeCall({ from: '0912345678' });
    expect(channelId).toMatch(/^\d+\.0$/);
    fake.placeCall({ from: '0912345679' });
    const closed = new Promise<number>((resolve) => app.ws.once('close', (code) => resolve(code)));
    const restarting = fake.restart({ downMs: 80 });
    expect(await closed).toBe(1006);
    const hangup = app.events.find((e) => e.type === 'ChannelHangupRequest');
    expect([hangup?.cause, hangup?.soft]).toEqual([4, true]);
    expect(app.events.filter((e) => e.type === 'ChannelDestroyed').map((e) => e.cause)).toEqual([0, 0]);
    await expect(fetch(`${fake.ariUrl}/asterisk/ping`)).rejects.toThrow();
    await restarting;
    const back = await harness.app(fake);
    expect((await back.rest('GET', '/asterisk/ping')).body).toMatchObject({ ping: 'pong' });
    expect((await back.rest('GET', '/channels')).body).toEqual([]);
    expect(fake.placeCall({ from: '0912345670' }).channelId).toMatch(/^\d+\.0$/);
  });

  it('given a wrong password, then the WebSocket upgrade is refused with 401', async () => {
    const fake = await harness.fake({ username: 'u', password: 'p' });
    const ws = new WebSocket(`ws://127.0.0.1:${fake.port}/ari/events?app=callcentre&api_key=u:wrong`);
    const status = await new Promise<number | undefined>((resolve) =>
      ws.once('unexpected-response', (request, response) => {
        // With an 'unexpected-response' listener, ws leaves aborting the handshake to us.
        request.destroy();
        resolve(response.statusCode);
      }),
    );
    expect(status).toBe(401);
  });
});
