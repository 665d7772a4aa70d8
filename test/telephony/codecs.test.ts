import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadEnv } from '../../src/config/env.js';
import { AriGateway } from '../../src/telephony/ari-gateway.js';
import { AriError } from '../../src/telephony/ari.js';
import { AriLink } from '../../src/telephony/status.js';
import { startFakeAri, type FakeAri } from '../fake-ari/server.js';

/**
 * Issue 11, item 11: the trunk runs A-law (Vietnam's PSTN). Without `formats` an ARI originate asks chan_pjsip for
 * every audio codec in Asterisk's own order, μ-law first, and the phone is offered μ-law first: every call transcoded.
 */
describe('codecs of the legs the app originates', () => {
  let fake: FakeAri;
  const log = pino({ level: 'silent' });
  const gateway = (originateFormats?: string) =>
    new AriGateway({ url: fake.url, username: fake.username, password: fake.password, app: 'callcentre', log, link: new AriLink(true), ...(originateFormats ? { originateFormats } : {}) });

  beforeAll(async () => {
    fake = await startFakeAri({ timing: { defaultMediaMs: 20, dialTimeoutScale: 0.01 } });
    fake.setEndpoint('PJSIP/op101', { kind: 'manual' });
  });
  afterAll(async () => fake?.close());

  it('given the default settings, when the app originates an operator leg, then it asks Asterisk for A-law first, then μ-law', async () => {
    expect(loadEnv({}).ORIGINATE_FORMATS).toBe('alaw,ulaw');
    await gateway().originate({ endpoint: 'PJSIP/op101', app: 'callcentre', appArgs: 'agent', channelId: 'leg-codec-1', timeout: 5 });
    const [request] = fake.requests({ method: 'POST', path: '/channels/leg-codec-1' });
    expect(request?.query.formats).toBe('alaw,ulaw');
    await fake.hangupFromFarEnd('leg-codec-1');
  });

  it('given ORIGINATE_FORMATS naming a codec Asterisk does not know, when the app originates, then Asterisk refuses it with 400 and no leg is created', async () => {
    const error = await gateway('alaw,g711')
      .originate({ endpoint: 'PJSIP/op101', app: 'callcentre', appArgs: 'agent', channelId: 'leg-codec-2', timeout: 5 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AriError);
    expect(error).toMatchObject({ status: 400 });
    expect((error as Error).message).toContain('Provided format (g711) was not found');
    expect(fake.state().channels.map((c) => c.id)).not.toContain('leg-codec-2');
  });

  it('given an ORIGINATE_FORMATS that is not a comma-separated list of codec names, when the server starts, then it refuses the setting', () => {
    expect(() => loadEnv({ ORIGINATE_FORMATS: 'alaw; ulaw' })).toThrow(ConfigError);
    expect(loadEnv({ ORIGINATE_FORMATS: 'opus,alaw,ulaw' }).ORIGINATE_FORMATS).toBe('opus,alaw,ulaw');
  });
});
