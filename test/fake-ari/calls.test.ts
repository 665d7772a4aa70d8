import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseManifest } from '../../src/fallback/manifest.js';
import { Harness, typesFor } from './support/harness.js';

/** Call-flow quirks of real Asterisk 22 (README findings 4, 5, 10, 17, 21, 22). */
describe('fake ARI call flows', () => {
  const harness = new Harness();
  afterEach(() => harness.closeAll());

  it('given a call in Stasis, when the app hangs it up, then HangupRequest 32 soft → StasisEnd → HangupRequest 16 soft → Destroyed 16', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    expect((await app.rest('DELETE', `/channels/${channelId}`, { reason_code: 16 })).status).toBe(204);
    const destroyed = await app.waitFor('ChannelDestroyed');
    expect(typesFor(app, channelId)).toEqual(['ChannelCreated', 'ChannelDialplan', 'StasisStart', 'ChannelStateChange', 'ChannelHangupRequest', 'StasisEnd', 'ChannelHangupRequest', 'ChannelDestroyed']);
    const requests = app.events.filter((e) => e.type === 'ChannelHangupRequest');
    expect(requests.map((e) => [e.cause, e.soft])).toEqual([[32, true], [16, true]]);
    expect([destroyed.cause, destroyed.cause_txt]).toEqual([16, 'Normal Clearing']);
  });

  it('given a call in Stasis, when the caller sends BYE, then HangupRequest has no cause and Destroyed has cause 0 Unknown', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    fake.hangupFromFarEnd(channelId);
    const first = await app.waitFor('ChannelHangupRequest');
    const destroyed = await app.waitFor('ChannelDestroyed');
    expect(first.cause).toBeUndefined();
    expect(first.soft).toBeUndefined();
    expect([destroyed.cause, destroyed.cause_txt]).toEqual([0, 'Unknown']);
  });

  it('given DELETE with reason=busy, then ChannelDestroyed carries cause 17, and reason with reason_code is a 400', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    expect((await app.rest('DELETE', `/channels/${channelId}`, { reason: 'busy', reason_code: 17 })).status).toBe(400);
    expect((await app.rest('DELETE', `/channels/${channelId}`, { reason: 'sideways' })).body).toEqual({ message: 'Invalid reason for hangup provided' });
    await app.rest('DELETE', `/channels/${channelId}`, { reason: 'busy' });
    expect((await app.waitFor('ChannelDestroyed')).cause).toBe(17);
  });

  it('given no application connected, when a citizen calls, then Stasis() fails at once: outcome failed with SIP 603 and no StasisStart', async () => {
    const fake = await harness.fake();
    const observer = await harness.app(fake, { app: 'observer', subscribeAll: true });
    const outcome = fake.placeCall({ from: '0912345678', to: '1022' });
    expect(outcome).toMatchObject({ outcome: 'failed', stasisStatus: 'FAILED', sipStatus: 603, app: 'callcentre' });
    expect(fake.outcomes()).toHaveLength(1);
    await observer.waitFor('ChannelDestroyed');
    expect(observer.types()).not.toContain('StasisStart');
    expect(fake.state().channels).toEqual([]);
  });

  it('given no application connected and the project\'s dialplan fallback, when a citizen calls, then the fallback answers outside Stasis and its manifest gets start, then end on the caller\'s hangup (captures/dialplan-fallback, issue 17)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'fake-fallback-'));
    try {
      const fake = await harness.fake({ dialplanFallback: { dir } });
      const observer = await harness.app(fake, { app: 'observer', subscribeAll: true });
      const outcome = fake.placeCall({ from: '0912345678', to: '02511022' });
      expect(outcome).toMatchObject({ outcome: 'fallback', stasisStatus: 'FAILED', sipStatus: 200 });
      await observer.waitFor('ChannelStateChange');
      expect(observer.types()).not.toContain('StasisStart');
      expect(fake.state().channels).toHaveLength(1);
      const manifestPath = join(dir, `${outcome.channelId}.call`);
      expect(parseManifest(readFileSync(manifestPath, 'utf8'))).toMatchObject({ uniqueId: outcome.channelId, callerNumber: '0912345678', dialledNumber: '02511022', end: null });

      fake.hangupFromFarEnd(outcome.channelId);
      await observer.waitFor('ChannelDestroyed');
      expect(parseManifest(readFileSync(manifestPath, 'utf8')).end).not.toBeNull();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('given an agent phone that answers busy, when the app originates to it, then Dial ""→RINGING→BUSY, causes 17/486, and it never enters Stasis', async () => {
    const { fake, app } = await harness.start();
    fake.setEndpoint('PJSIP/op101', { kind: 'busy', afterMs: 5 });
    const response = await app.rest('POST', '/channels', { endpoint: 'PJSIP/op101', app: 'callcentre', appArgs: 'agent,x', channelId: 'agent-x', timeout: 30 });
    expect(response.status).toBe(200);
    const destroyed = await app.waitFor('ChannelDestroyed', (e) => (e.channel as { id: string }).id === 'agent-x');
    const dials = app.events.filter((e) => e.type === 'Dial');
    expect(dials.map((d) => d.dialstatus)).toEqual(['', 'RINGING', 'BUSY']);
    expect(dials.every((d) => !('caller' in d))).toBe(true);
    const hangupRequest = app.events.find((e) => e.type === 'ChannelHangupRequest');
    expect([hangupRequest?.cause, hangupRequest?.tech_cause]).toEqual([17, 486]);
    expect([destroyed.cause, destroyed.cause_txt, destroyed.tech_cause]).toEqual([17, 'User busy', 486]);
    expect(typesFor(app, 'agent-x')).not.toContain('StasisStart');
    expect(typesFor(app, 'agent-x')).not.toContain('StasisEnd');
  });

  it('given an answering agent phone, when the app originates, then StasisStart comes only after Dial ANSWER, in state Up, with the appArgs', async () => {
    const { fake, app } = await harness.start();
    fake.setEndpoint('PJSIP/op101', { behaviour: { kind: 'manual' }, callerName: 'Agent 1', callerNumber: 'op101', context: 'agents' });
    const response = await app.rest('POST', '/channels', { endpoint: 'PJSIP/op101', app: 'callcentre', appArgs: 'agent,42', channelId: 'agent-42', callerId: '"Citizen 0912" <0912>' });
    expect(response.body).toMatchObject({ id: 'agent-42', state: 'Down', caller: { name: 'Citizen 0912', number: '0912' }, dialplan: { context: 'agents', app_name: 'AppDial2' } });
    await app.waitFor('Dial', (e) => e.dialstatus === 'RINGING');
    expect(app.types()).not.toContain('StasisStart');
    expect(fake.answerLeg('agent-42')).toBe(true);
    const start = await app.waitFor('StasisStart');
    expect(start.args).toEqual(['agent', '42']);
    expect((start.channel as { state: string }).state).toBe('Up');
    expect(typesFor(app, 'agent-42').filter((t) => t !== 'ChannelConnectedLine' && t !== 'ChannelCallerId' && t !== 'ChannelDialplan')).toEqual([
      'ChannelCreated', 'Dial', 'ChannelStateChange', 'Dial', 'ChannelStateChange', 'Dial', 'StasisStart',
    ]);
  });

  it('given a hotline that rings forever, when originated with timeout=5, then only ChannelDestroyed cause 19 ends it: no final Dial, no Stasis', async () => {
    const { fake, app } = await harness.start({ timing: { dialTimeoutScale: 0.002 } });
    fake.setEndpoint('PJSIP/hotline2', { kind: 'noanswer' });
    await app.rest('POST', '/channels', { endpoint: 'PJSIP/hotline2', app: 'callcentre', channelId: 'hot-1', timeout: 5 });
    const destroyed = await app.waitFor('ChannelDestroyed');
    expect([destroyed.cause, destroyed.cause_txt]).toEqual([19, 'User alerting, no answer']);
    expect(app.events.filter((e) => e.type === 'Dial').map((d) => d.dialstatus)).toEqual(['', 'RINGING']);
    expect(app.types()).not.toContain('ChannelHangupRequest');
    expect((await app.rest('GET', '/channels/hot-1')).status).toBe(404);
  });

  it('given nothing listening on the hotline, then there is no RINGING before cause 19', async () => {
    const { fake, app } = await harness.start({ timing: { dialTimeoutScale: 0.002 } });
    fake.setEndpoint('PJSIP/hotline2', { kind: 'silent' });
    await app.rest('POST', '/channels', { endpoint: 'PJSIP/hotline2', app: 'callcentre', channelId: 'hot-1', timeout: 5 });
    await app.waitFor('ChannelDestroyed');
    expect(app.events.filter((e) => e.type === 'Dial').map((d) => d.dialstatus)).toEqual(['']);
  });

  it('given an unreachable endpoint, when the app originates, then 500 "Allocation failed" and no event', async () => {
    const { fake, app } = await harness.start();
    fake.setEndpoint('PJSIP/op999', { kind: 'unreachable' });
    const response = await app.rest('POST', '/channels', { endpoint: 'PJSIP/op999', app: 'callcentre' });
    expect(response).toEqual({ status: 500, body: { message: 'Allocation failed' } });
    expect(app.events).toEqual([]);
  });

  it('given /channels/create, then StasisStart (state Down) is sent before the HTTP response, and /dial rings and answers without a second StasisStart', async () => {
    const { fake, app } = await harness.start();
    const before = fake.eventCount();
    const response = await app.rest('POST', '/channels/create', { endpoint: 'PJSIP/op101', app: 'callcentre', appArgs: 'agent,7', channelId: 'agent-7' });
    expect(response.status).toBe(200);
    const sentBeforeResponse = fake.events().slice(before).map((s) => s.event.type);
    expect(sentBeforeResponse).toContain('StasisStart');
    expect((await app.waitFor('StasisStart')).channel).toMatchObject({ id: 'agent-7', state: 'Down' });
    expect((await app.rest('POST', '/channels/agent-7/answer')).status).toBe(412);
    expect((await app.rest('POST', '/channels/agent-7/dial', { timeout: 30 })).status).toBe(204);
    await app.waitFor('Dial', (e) => e.dialstatus === 'ANSWER');
    expect(app.events.filter((e) => e.type === 'Dial').map((d) => d.dialstring)).toEqual(['op101', '', '']);
    expect(app.events.filter((e) => e.type === 'StasisStart')).toHaveLength(1);
    expect((await app.rest('POST', '/channels/agent-7/dial')).status).toBe(409);
  });

  it('given a snoop request, then spy=none&whisper=none is a 400 and a valid snoop channel starts in Stasis, Up, without Dial events', async () => {
    const { fake, app } = await harness.start();
    const { channelId } = fake.placeCall({ from: '0912345678' });
    const invalid = await app.rest('POST', `/channels/${channelId}/snoop`, { spy: 'none', whisper: 'none', app: 'callcentre' });
    expect(invalid).toEqual({ status: 400, body: { message: 'Direction must be specified for at least spy or whisper' } });
    const snoop = await app.rest('POST', `/channels/${channelId}/snoop/snoop-1`, { spy: 'both', app: 'callcentre', appArgs: 'snoop,both' });
    expect(snoop.body).toMatchObject({ id: 'snoop-1', state: 'Up', name: `Snoop/${channelId}-00000000` });
    const start = await app.waitFor('StasisStart', (e) => (e.channel as { id: string }).id === 'snoop-1');
    expect(start.args).toEqual(['snoop', 'both']);
    expect(app.types()).not.toContain('Dial');
    fake.hangupFromFarEnd(channelId);
    await app.waitFor('ChannelDestroyed', (e) => (e.channel as { id: string }).id === 'snoop-1');
  });

  it('given an unanswered call, when the app redirects it, then SIP 302: causes 23/302 and the channel is gone; after answer a redirect does nothing', async () => {
    const { fake, app } = await harness.start();
    const ringing = fake.placeCall({ from: '0912345678' }).channelId;
    expect((await app.rest('POST', `/channels/${ringing}/redirect`, { endpoint: 'SIP/hotline1' })).status).toBe(422);
    expect((await app.rest('POST', `/channels/${ringing}/redirect`, { endpoint: 'PJSIP/hotline1' })).status).toBe(204);
    const destroyed = await app.waitFor('ChannelDestroyed');
    expect([destroyed.cause, destroyed.tech_cause]).toEqual([23, 302]);
    const answered = fake.placeCall({ from: '0912345679' }).channelId;
    await app.rest('POST', `/channels/${answered}/answer`);
    expect((await app.rest('POST', `/channels/${answered}/redirect`, { endpoint: 'PJSIP/hotline1' })).status).toBe(204);
    expect(fake.state().channels.map((c) => c.id)).toEqual([answered]);
  });

  it('given noise: true, then ChannelVarset events (STASISSTATUS…) come along like with Asterisk, and GET variable reads them', async () => {
    const { fake, app } = await harness.start({ noise: true });
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.waitFor('ChannelVarset', (e) => e.variable === 'STASISSTATUS' && e.value === '');
    expect(await app.rest('GET', `/channels/${channelId}/variable`, { variable: 'STASISSTATUS' })).toEqual({ status: 200, body: { value: '' } });
    expect((await app.rest('GET', `/channels/${channelId}/variable`, { variable: 'NOPE' })).status).toBe(404);
    await app.rest('POST', `/channels/${channelId}/variable`, { variable: 'CASE_ID', value: '42' });
    expect((await app.rest('GET', `/channels/${channelId}/variable`, { variable: 'CASE_ID' })).body).toEqual({ value: '42' });
  });

  it('given continue to the dialplan, then StasisEnd comes at once and the channel leaves control (409 on answer)', async () => {
    const { fake, app } = await harness.start({ timing: { continueHangupAfterMs: -1 } });
    const { channelId } = fake.placeCall({ from: '0912345678' });
    await app.rest('POST', `/channels/${channelId}/answer`);
    expect((await app.rest('POST', `/channels/${channelId}/continue`, { context: 'hotline-transfer', extension: 'hotline1', priority: 1 })).status).toBe(204);
    await app.waitFor('StasisEnd');
    expect(await app.rest('POST', `/channels/${channelId}/answer`)).toEqual({ status: 409, body: { message: 'Channel not in Stasis application' } });
    expect(fake.state().channels[0]).toMatchObject({ id: channelId, inStasis: false });
  });
});
