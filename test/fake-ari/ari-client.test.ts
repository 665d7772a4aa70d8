import ari from 'ari-client';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';

/** The npm `ari-client` (swagger-client 2.0.26) must load the fake's api-docs and work against it. */
describe('ari-client against the fake ARI', () => {
  const harness = new Harness();
  afterEach(() => harness.closeAll());

  it('given ari-client connected to the fake, when a citizen calls, then it gets StasisStart, answers, plays and hangs up', async () => {
    const fake = await harness.fake({ timing: { defaultMediaMs: 20 } });
    const client = await ari.connect(fake.url, fake.username, fake.password);
    const ended = new Promise<string>((resolve) => {
      client.on('StasisEnd', (event) => resolve((event.channel as { id: string }).id));
    });
    const started = new Promise<{ args: unknown; id: string }>((resolve) => {
      client.on('StasisStart', (event, channel) => {
        void (async () => {
          await channel.answer();
          const playback = client.Playback();
          playback.on('PlaybackFinished', () => {
            void channel.hangup();
          });
          await channel.play({ media: 'sound:hello-world' }, playback);
        })();
        resolve({ args: event.args, id: channel.id });
      });
    });
    await client.start('callcentre');

    const call = fake.placeCall({ from: '0912345678', to: '1022' });

    await expect(started).resolves.toEqual({ args: ['1022'], id: call.channelId });
    await expect(ended).resolves.toBe(call.channelId);
    expect(fake.requests().map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      `POST /channels/${call.channelId}/answer 204`,
      `POST /channels/${call.channelId}/play 201`,
      `DELETE /channels/${call.channelId} 204`,
    ]);
    expect(fake.state().channels).toEqual([]);
    client.stop();
  });

  it('given ari-client, when it originates, lists channels and reads an unknown channel, then results are typed resources and errors carry the 404 message', async () => {
    const fake = await harness.fake();
    const client = await ari.connect(fake.url, fake.username, fake.password);
    await client.start('callcentre', true);
    const leg = (await client.channels.originate({ endpoint: 'PJSIP/op101', app: 'callcentre', appArgs: 'agent,1', channelId: 'agent-1' })) as { id: string; name: string };
    expect(leg.id).toBe('agent-1');
    expect(leg.name).toMatch(/^PJSIP\/op101-[0-9a-f]{8}$/);
    await fake.waitForEvent('StasisStart', (e) => (e.channel as { id: string }).id === 'agent-1');
    const channels = (await client.channels.list()) as Array<{ id: string }>;
    expect(channels.map((c) => c.id)).toEqual(['agent-1']);
    await expect(client.channels.get({ channelId: 'nope' })).rejects.toThrow('Channel not found');
    client.stop();
  });
});
