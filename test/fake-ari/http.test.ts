import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';

const auth = (user: string, pass: string): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` });

async function control(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${url}/__control${path}`, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

/** HTTP surface: auth, error bodies, api-docs, and the /__control routes for out-of-process use. */
describe('fake ARI HTTP surface', () => {
  const harness = new Harness();
  afterEach(() => harness.closeAll());

  it('given wrong or missing credentials, then ARI answers 401; api_key in the query string is accepted', async () => {
    const fake = await harness.fake({ username: 'asterisk', password: 'secret' });
    expect((await fetch(`${fake.ariUrl}/asterisk/ping`)).status).toBe(401);
    expect((await fetch(`${fake.ariUrl}/asterisk/ping`, { headers: auth('asterisk', 'nope') })).status).toBe(401);
    expect((await fetch(`${fake.ariUrl}/asterisk/ping`, { headers: auth('asterisk', 'secret') })).status).toBe(200);
    expect((await fetch(`${fake.ariUrl}/asterisk/ping?api_key=asterisk:secret`)).status).toBe(200);
  });

  it('given unknown resources, then 404 with Asterisk\'s {"message"} bodies', async () => {
    const { app } = await harness.start();
    expect(await app.rest('GET', '/channels/nope')).toEqual({ status: 404, body: { message: 'Channel not found' } });
    expect(await app.rest('POST', '/channels/nope/answer')).toEqual({ status: 404, body: { message: 'Channel not found' } });
    expect(await app.rest('GET', '/bridges/nope')).toEqual({ status: 404, body: { message: 'Bridge not found' } });
    expect(await app.rest('DELETE', '/bridges/nope')).toEqual({ status: 404, body: { message: 'Bridge not found' } });
    expect(await app.rest('GET', '/recordings/live/nope')).toEqual({ status: 404, body: { message: 'Recording not found' } });
    expect(await app.rest('POST', '/bridges', { bridgeId: 'b' })).toMatchObject({ status: 200 });
    expect(await app.rest('POST', '/bridges/b/addChannel', { channel: 'nope' })).toEqual({ status: 400, body: { message: 'Channel not found' } });
    expect((await app.rest('POST', '/channels', { app: 'callcentre' })).body).toEqual({ message: 'Endpoint must be specified' });
  });

  it('given the api-docs, then resources.json points at this server and every listed declaration loads', async () => {
    const fake = await harness.fake();
    const listing = (await (await fetch(`${fake.ariUrl}/api-docs/resources.json`, { headers: auth('ari', 'ari') })).json()) as { basePath: string; apis: Array<{ path: string }> };
    expect(listing.basePath).toBe(fake.ariUrl);
    for (const api of listing.apis) {
      const url = `${listing.basePath}${api.path.replace('{format}', 'json')}`;
      const declaration = (await (await fetch(url, { headers: auth('ari', 'ari') })).json()) as { apis: unknown[]; basePath: string };
      expect(declaration.basePath).toBe(fake.ariUrl);
      expect(declaration.apis.length).toBeGreaterThan(0);
    }
  });

  it('given the control routes, when a benchmark drives a call over HTTP, then calls, digits, hangups, state and request logs work without auth', async () => {
    const { fake, app } = await harness.start();
    await control(fake.url, 'POST', '/endpoints', { endpoint: 'PJSIP/op101', behaviour: { kind: 'busy', afterMs: 1 } });
    const call = await control(fake.url, 'POST', '/calls', { from: '0912345678', to: '1022' });
    const channelId = (call.body as { channelId: string }).channelId;
    expect(call.body).toMatchObject({ outcome: 'stasis', to: '1022' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    expect((await control(fake.url, 'POST', `/channels/${channelId}/dtmf`, { digits: '12', intervalMs: 0 })).body).toEqual({ sent: 2 });
    await app.rest('POST', '/channels', { endpoint: 'PJSIP/op101', app: 'callcentre', channelId: 'agent-1' });
    await app.waitFor('ChannelDestroyed', (e) => (e.channel as { id: string }).id === 'agent-1');
    expect((await control(fake.url, 'GET', '/requests?method=POST&path=/answer')).body).toEqual([
      expect.objectContaining({ method: 'POST', path: `/channels/${channelId}/answer`, status: 204 }),
    ]);
    expect(((await control(fake.url, 'GET', '/state')).body as { channels: unknown[] }).channels).toHaveLength(1);
    expect((await control(fake.url, 'POST', `/channels/${channelId}/hangup`)).status).toBe(204);
    await app.waitFor('ChannelDestroyed', (e) => (e.channel as { id: string }).id === channelId);
    expect(((await control(fake.url, 'GET', '/state')).body as { channels: unknown[] }).channels).toEqual([]);
    expect(((await control(fake.url, 'GET', '/events?type=ChannelDtmfReceived')).body as unknown[]).length).toBe(2);
    expect((await control(fake.url, 'POST', '/channels/nope/hangup')).status).toBe(404);
    expect((await control(fake.url, 'POST', '/websockets/drop', {})).body).toEqual({ dropped: 1 });
    expect((await control(fake.url, 'GET', '/outcomes')).body).toHaveLength(1);
    expect((await control(fake.url, 'DELETE', '/requests')).status).toBe(204);
    expect(fake.requests()).toEqual([]);
    expect(fake.errors()).toEqual([]);
  });

  it('given a JSON body, then its fields count as parameters like Asterisk (media list in the body)', async () => {
    const { fake, app } = await harness.start({ timing: { defaultMediaMs: 5 } });
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    const played = await app.rest('POST', `/channels/${channelId}/play`, { playbackId: 'pb-1' }, { media: ['sound:a', 'sound:b'] });
    expect(played.body).toMatchObject({ media_uri: 'sound:a', next_media_uri: 'sound:b' });
    expect(fake.requests({ path: '/play' })[0]?.body).toEqual({ media: ['sound:a', 'sound:b'] });
  });
});
