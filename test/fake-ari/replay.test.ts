import { afterEach, describe, expect, it } from 'vitest';
import { loadCapture, meaningful, signature } from './support/captures.js';
import { replayScenario, type ReplayResult } from './support/replay.js';

/** Field names of an event and of its nested objects (channel, bridge, playback, …). */
function shape(event: Record<string, unknown>): string[] {
  const fields: string[] = [];
  for (const [key, value] of Object.entries(event)) {
    fields.push(key);
    if (value && typeof value === 'object' && !Array.isArray(value)) fields.push(...Object.keys(value).map((k) => `${key}.${k}`));
  }
  return fields.sort();
}

/**
 * Replays of real Asterisk 22 recordings (../shared/ari/captures, copied to fixtures/):
 * the same REST calls and phone actions must give the same order of meaningful events
 * and the same HTTP statuses.
 */
describe('fake ARI replays recorded scenarios', () => {
  let result: ReplayResult | undefined;

  afterEach(async () => {
    await result?.app.close();
    await result?.fake.close();
    result = undefined;
  });

  const scenarios = [
    'basic',
    'basic-naive-record',
    'create-dial',
    'agent-busy',
    'record-hangup',
    'bridge-during-playback',
    'dtmf-in-bridge-dtmf_events',
    'bridge-record',
    'bridge-record-nosuball',
    'hotline-noanswer-ringing',
    'hotline-noanswer-nolistener',
    'holding-moh',
    'holding-moh-channel',
    'dtmf-ivr-timing',
  ];

  for (const scenario of scenarios) {
    it(`given the ${scenario} recording, when the same actions are replayed, then the fake emits the same event order and statuses`, async () => {
      result = await replayScenario(scenario);
      expect(result.actual).toEqual(result.expected);
      expect(result.statusMismatches).toEqual([]);
      expect(result.fake.errors()).toEqual([]);
    });
  }

  for (const scenario of ['basic', 'bridge-record', 'agent-busy', 'dtmf-ivr-timing']) {
    it(`given the ${scenario} replay, then every event has exactly the fields Asterisk's had`, async () => {
      result = await replayScenario(scenario);
      const expected = new Map(meaningful(loadCapture(scenario).events).map((e) => [signature(e), shape(e)]));
      const actual = new Map(meaningful(result.app.events).map((e) => [signature(e), shape(e)]));
      for (const [key, fields] of expected) expect(actual.get(key), key).toEqual(fields);
    });
  }

  it('given the snoop recording, when replayed, then the fake matches it (the last three hangups ran concurrently in Asterisk, so only their multiset is compared)', async () => {
    result = await replayScenario('snoop');
    const concurrentTail = 12;
    const cut = result.expected.length - concurrentTail;
    expect(result.actual.slice(0, cut)).toEqual(result.expected.slice(0, cut));
    expect([...result.actual.slice(cut)].sort()).toEqual([...result.expected.slice(cut)].sort());
    expect(result.statusMismatches).toEqual([]);
  });

  it('given the dtmf-in-bridge recording (plain mixing), when the caller presses keys while bridged, then no DTMF event arrives, as recorded', async () => {
    let sent = -1;
    result = await replayScenario('dtmf-in-bridge', {
      after: [
        {
          when: (event) => event.type === 'ChannelEnteredBridge' && (event.channel as { name: string }).name.startsWith('PJSIP/pstn'),
          run: async (replay) => {
            const caller = replay.fake.state().channels.find((c) => c.name.startsWith('PJSIP/pstn'));
            sent = await replay.fake.sendDtmf(caller?.id ?? '', '3456', { intervalMs: 0 });
          },
        },
      ],
    });
    expect(sent).toBe(0);
    expect(result.actual).toEqual(result.expected);
    expect(result.statusMismatches).toEqual([]);
  });
});
