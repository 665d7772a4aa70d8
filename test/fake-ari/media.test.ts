import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from './support/harness.js';

/** Media and bridge quirks of real Asterisk 22 (README findings 1–3, 6, 19, 20, 23). */
describe('fake ARI media and bridges', () => {
  const harness = new Harness();
  afterEach(() => harness.closeAll());

  it('given a live channel recording, when the app adds the channel to a bridge, then 409 "Channel … currently recording"', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    await app.rest('POST', `/channels/${channelId}/record`, { name: 'rec-1', format: 'wav', ifExists: 'overwrite' });
    await app.rest('POST', '/bridges', { type: 'mixing', bridgeId: 'br-1' });
    const response = await app.rest('POST', '/bridges/br-1/addChannel', { channel: channelId });
    expect(response).toEqual({ status: 409, body: { message: `Channel ${channelId} currently recording` } });
  });

  it('given play then record on one channel, then they run one after the other: RecordingStarted only when PlaybackFinished', async () => {
    const { fake, app } = await harness.start({ timing: { mediaMs: { 'sound:hello-world': 30 } } });
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    const play = await app.rest('POST', `/channels/${channelId}/play`, { media: 'sound:hello-world', playbackId: 'pb-1' });
    expect(play.body).toMatchObject({ id: 'pb-1', state: 'queued', media_uri: 'sound:hello-world' });
    const record = await app.rest('POST', `/channels/${channelId}/record`, { name: 'rec-1', format: 'wav' });
    expect(record.body).toMatchObject({ name: 'rec-1', state: 'queued', target_uri: `channel:${channelId}` });
    await app.waitFor('RecordingStarted');
    const order = app.types().filter((t) => t.startsWith('Playback') || t.startsWith('Recording'));
    expect(order).toEqual(['PlaybackStarted', 'PlaybackFinished', 'RecordingStarted']);
  });

  it('given a playback running, when addChannel is called, then the HTTP request waits for the playback to end', async () => {
    const { fake, app } = await harness.start({ timing: { mediaMs: { 'sound:long': Number.POSITIVE_INFINITY } } });
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    await app.rest('POST', `/channels/${channelId}/play`, { media: 'sound:long', playbackId: 'pb-1' });
    await app.rest('POST', '/bridges', { bridgeId: 'br-1' });
    let settled = false;
    const add = app.rest('POST', '/bridges/br-1/addChannel', { channel: channelId }).then((r) => {
      settled = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    fake.finishPlayback('pb-1');
    expect((await add).status).toBe(204);
    expect(app.types().slice(-2)).toEqual(['PlaybackFinished', 'ChannelEnteredBridge']);
  });

  it('given a comma-separated media list, then files play in order with PlaybackContinuing, while repeating media= keeps only the last', async () => {
    const { fake, app } = await harness.start({ timing: { defaultMediaMs: 5 } });
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    const listed = await app.rest('POST', `/channels/${channelId}/play`, { media: 'sound:a,sound:b', playbackId: 'pb-1' });
    expect(listed.body).toMatchObject({ media_uri: 'sound:a', next_media_uri: 'sound:b' });
    await app.waitFor('PlaybackFinished');
    const repeated = await app.rest('POST', `/channels/${channelId}/play`, { media: ['sound:a', 'sound:b'], playbackId: 'pb-2' });
    expect(repeated.body).toMatchObject({ media_uri: 'sound:b' });
    await app.waitFor('PlaybackFinished', (e) => (e.playback as { id: string }).id === 'pb-2');
    const playbackEvents = app.events
      .filter((e) => e.type.startsWith('Playback'))
      .map((e) => `${e.type}:${(e.playback as { media_uri: string }).media_uri}`);
    expect(playbackEvents).toEqual([
      'PlaybackStarted:sound:a', 'PlaybackContinuing:sound:a', 'PlaybackStarted:sound:b', 'PlaybackFinished:sound:b',
      'PlaybackStarted:sound:b', 'PlaybackFinished:sound:b',
    ]);
  });

  it('given a playback, when the app stops it, then PlaybackFinished has state done like a natural end and the playback is gone', async () => {
    const { fake, app } = await harness.start({ timing: { defaultMediaMs: Number.POSITIVE_INFINITY } });
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    await app.rest('POST', `/channels/${channelId}/play/pb-1`, { media: 'sound:hello-world' });
    expect((await app.rest('GET', '/playbacks/pb-1')).body).toMatchObject({ state: 'playing' });
    expect((await app.rest('DELETE', '/playbacks/pb-1')).status).toBe(204);
    expect(((await app.waitFor('PlaybackFinished')).playback as { state: string }).state).toBe('done');
    expect(await app.rest('GET', '/playbacks/pb-1')).toEqual({ status: 404, body: { message: 'Playback not found' } });
  });

  it('given a recording, when the caller hangs up, then RecordingFinished done with whole seconds rounded down, and the file is stored', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    await app.rest('POST', `/channels/${channelId}/record`, { name: 'calls/rec-1', format: 'wav' });
    await app.waitFor('RecordingStarted');
    fake.advanceClock(2_700);
    fake.hangupFromFarEnd(channelId);
    const finished = await app.waitFor('RecordingFinished');
    expect(finished.recording).toEqual({ name: 'calls/rec-1', format: 'wav', state: 'done', target_uri: `channel:${channelId}`, duration: 2 });
    expect(app.types()).not.toContain('RecordingFailed');
    const file = join(fake.recordingsDir, 'calls/rec-1.wav');
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file).subarray(0, 4).toString()).toBe('RIFF');
    expect((await app.rest('GET', `/recordings/stored/${encodeURIComponent('calls/rec-1')}`)).body).toEqual({ name: 'calls/rec-1', format: 'wav' });
    expect((await app.rest('POST', `/channels/x/record`, { name: 'calls/rec-1', format: 'wav' })).status).toBe(404);
  });

  it('given a stored recording, then list, file download, copy and delete behave like Asterisk', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    await app.rest('POST', `/channels/${channelId}/record`, { name: 'r1', format: 'wav' });
    await app.waitFor('RecordingStarted');
    expect((await app.rest('POST', `/channels/${channelId}/record`, { name: 'r1', format: 'wav' })).status).toBe(409);
    expect((await app.rest('POST', '/recordings/live/r1/stop')).status).toBe(204);
    expect((await app.waitFor('RecordingFinished')).recording).toMatchObject({ state: 'done', duration: 0 });
    expect((await app.rest('GET', '/recordings/live/r1')).status).toBe(404);
    expect((await app.rest('GET', '/recordings/stored')).body).toEqual([{ name: 'r1', format: 'wav' }]);
    const file = await fetch(`${fake.ariUrl}/recordings/stored/r1/file`, { headers: { Authorization: `Basic ${Buffer.from('ari:ari').toString('base64')}` } });
    expect(file.headers.get('content-type')).toBe('audio/wav');
    expect((await app.rest('POST', '/recordings/stored/r1/copy', { destinationRecordingName: 'r2' })).body).toEqual({ name: 'r2', format: 'wav' });
    expect((await app.rest('DELETE', '/recordings/stored/r1')).status).toBe(204);
    expect((await app.rest('GET', '/recordings/stored/r1')).status).toBe(404);
    expect((await app.rest('POST', `/channels/${channelId}/record`, { name: 'r3', format: 'mp5' })).status).toBe(422);
  });

  it('given two phones in a plain mixing bridge, when the caller presses keys, then no DTMF event arrives; with dtmf_events they do', async () => {
    for (const [type, expected] of [['mixing', 0], ['mixing,dtmf_events', 2]] as const) {
      const { fake, app } = await harness.start();
      const { channelId } = fake.placeCall({ from: '0912345678' });
      await app.rest('POST', `/channels/${channelId}/answer`);
      await app.rest('POST', '/channels', { endpoint: 'PJSIP/op101', app: 'callcentre', channelId: 'agent-1' });
      await app.waitFor('StasisStart', (e) => (e.channel as { id: string }).id === 'agent-1');
      await app.rest('POST', '/bridges', { type, bridgeId: 'br-1' });
      await app.rest('POST', '/bridges/br-1/addChannel', { channel: `${channelId},agent-1` });
      expect(await fake.sendDtmf(channelId, '12')).toBe(expected);
      await app.until(() => (app.types().filter((t) => t === 'ChannelDtmfReceived').length === expected ? true : undefined));
      expect((await app.rest('GET', '/bridges/br-1')).body).toMatchObject({ bridge_type: 'mixing', technology: expected ? 'simple_bridge' : 'native_rtp' });
    }
  });

  it('given a bridge whose participants all hung up, then it is still there until the app destroys it', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', '/bridges', { bridgeId: 'br-1', name: 'call' });
    await app.rest('POST', '/bridges/br-1/addChannel', { channel: channelId });
    fake.hangupFromFarEnd(channelId);
    await app.waitFor('ChannelDestroyed');
    expect((await app.rest('GET', '/bridges/br-1')).body).toMatchObject({ id: 'br-1', channels: [] });
    expect(app.types()).not.toContain('BridgeDestroyed');
    expect((await app.rest('DELETE', '/bridges/br-1')).status).toBe(204);
    await app.waitFor('BridgeDestroyed');
    expect((await app.rest('GET', '/bridges/br-1')).status).toBe(404);
  });

  it('given a recorded bridge, then the recording covers every participant and finishes by itself when the last one leaves', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    await app.rest('POST', '/bridges', { type: 'mixing,dtmf_events', bridgeId: 'br-1' });
    await app.rest('POST', '/bridges/br-1/addChannel', { channel: channelId });
    await app.rest('POST', '/bridges/br-1/record', { name: 'conv-1', format: 'wav', ifExists: 'overwrite' });
    await app.rest('POST', '/channels', { endpoint: 'PJSIP/op101', app: 'callcentre', channelId: 'agent-1' });
    await app.waitFor('StasisStart', (e) => (e.channel as { id: string }).id === 'agent-1');
    await app.rest('POST', '/bridges/br-1/addChannel', { channel: 'agent-1' });
    await app.rest('DELETE', '/channels/agent-1');
    expect((await app.rest('GET', '/recordings/live/conv-1')).body).toMatchObject({ state: 'recording', target_uri: 'bridge:br-1' });
    fake.advanceClock(13_400);
    await app.rest('DELETE', `/channels/${channelId}`);
    const finished = await app.waitFor('RecordingFinished');
    expect((finished.recording as { duration: number }).duration).toBe(13);
    // subscribeAll applications get bridge recording events twice (finding 20).
    expect(app.types().filter((t) => t === 'RecordingFinished')).toHaveLength(2);
    expect(await app.rest('POST', '/recordings/live/conv-1/stop')).toEqual({ status: 404, body: { message: 'Recording not found' } });
    expect((await app.rest('GET', '/recordings/stored/conv-1')).status).toBe(200);
  });

  it('given a recorded bridge with one person alone in it, when no audio comes for the recorder\'s 4 s, then the recording finishes (done, file kept) while the person stays; a second person in time keeps it going (issue 11 item 2)', async () => {
    const { fake, app } = await harness.start({ timing: { recorderNoAudioMs: 80 } });
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    await app.rest('POST', '/bridges', { type: 'mixing,dtmf_events', bridgeId: 'br-1' });
    await app.rest('POST', '/bridges/br-1/addChannel', { channel: channelId });
    await app.rest('POST', '/channels', { endpoint: 'PJSIP/op101', app: 'callcentre', channelId: 'agent-1' });
    await app.waitFor('StasisStart', (e) => (e.channel as { id: string }).id === 'agent-1');
    await app.rest('POST', '/bridges/br-1/record', { name: 'conv-1', format: 'wav' });
    await app.rest('POST', '/bridges/br-1/addChannel', { channel: 'agent-1' }); // joined in time: no countdown
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await app.rest('GET', '/recordings/live/conv-1')).body).toMatchObject({ state: 'recording' });
    await app.rest('DELETE', '/channels/agent-1'); // the caller is alone now
    const finished = await app.waitFor('RecordingFinished');
    expect(finished.recording).toMatchObject({ name: 'conv-1', state: 'done' });
    expect((await app.rest('GET', '/bridges/br-1')).body).toMatchObject({ channels: [channelId] });
    expect((await app.rest('GET', '/recordings/stored/conv-1')).status).toBe(200);
  });

  it('given bridge MOH in a holding bridge, when the last caller leaves, then MOH is torn down and DELETE moh is a 409', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    expect((await app.rest('POST', '/bridges', { type: 'holding', bridgeId: 'hold-1' })).body).toMatchObject({ technology: 'holding_bridge', bridge_type: 'holding' });
    await app.rest('POST', '/bridges/hold-1/addChannel', { channel: channelId });
    await app.rest('POST', '/bridges/hold-1/moh', { mohClass: 'default' });
    expect(fake.state().bridges[0]?.moh).toBe(true);
    await app.rest('POST', '/bridges/hold-1/removeChannel', { channel: channelId });
    expect(fake.state().bridges[0]?.moh).toBe(false);
    expect(await app.rest('DELETE', '/bridges/hold-1/moh')).toEqual({ status: 409, body: { message: "Bridge isn't playing music" } });
    expect((await app.rest('POST', '/bridges/hold-1/removeChannel', { channel: channelId })).status).toBe(422);
  });

  it('given channel MOH, when the channel is bridged, then its MOH keeps playing until DELETE /channels/{id}/moh', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    await app.rest('POST', `/channels/${channelId}/moh`, { mohClass: 'default' });
    await app.rest('POST', '/bridges', { bridgeId: 'br-1' });
    await app.rest('POST', '/bridges/br-1/addChannel', { channel: channelId });
    expect(fake.state().channels[0]).toMatchObject({ moh: true, bridgeId: 'br-1' });
    await app.rest('DELETE', `/channels/${channelId}/moh`);
    expect(fake.state().channels[0]?.moh).toBe(false);
  });
});
