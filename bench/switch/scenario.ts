/**
 * The leader switch (issue 17): two server processes on PostgreSQL against the fake ARI, `live` calls in the IVR led
 * by the first; the leader is killed with SIGKILL and the figures are the time from its death until (1) the standby
 * leads with ARI connected, (2) the first new call is answered, (3) every live call is re-adopted (its menu plays
 * again). A call placed every 20 ms from the kill on measures (2); those placed in the gap are refused (603) by the
 * fake, as Asterisk does without the dialplan fallback, and counted.
 */
import { startCluster, waitUntil } from '../../test/cluster/support.js';
import { progress } from '../lib/timing.js';
import type { ScenarioResult } from '../lib/types.js';

export interface SwitchOptions {
  server: string;
  live: number;
}

export async function runSwitchScenario(options: SwitchOptions): Promise<ScenarioResult> {
  const started = Date.now();
  const c = await startCluster(options.server, { capacity: options.live + 50 });
  try {
    const a = await c.start('bench-a');
    await waitUntil(async () => {
      if ((await a.readyz())?.ari.state !== 'connected') throw new Error('leader not connected');
    }, { timeout: 60_000, interval: 100 });
    const b = await c.start('bench-b');
    progress(`placing ${options.live} live calls`);
    const plays = (channelId: string) => c.fake.requests({ method: 'POST', path: `/channels/${channelId}/play` }).length;
    const live = Array.from({ length: options.live }, (_, i) => c.fake.placeCall({ from: `09${String(i).padStart(8, '0')}`, to: '1022' }));
    await waitUntil(() => {
      const waiting = live.filter((call) => plays(call.channelId) === 0).length;
      if (waiting > 0) throw new Error(`${waiting} calls without their menu yet`);
    }, { timeout: 60_000, interval: 100 });
    const before = new Map(live.map((call) => [call.channelId, plays(call.channelId)]));

    progress('killing the leader (SIGKILL)');
    const killedAt = performance.now();
    a.process.kill('SIGKILL');
    let firstAnswered: number | undefined;
    let refused = 0;
    const probing = (async () => {
      while (firstAnswered === undefined && performance.now() - killedAt < 30_000) {
        const call = c.fake.placeCall({ from: '0988888888', to: '1022' });
        if (call.outcome === 'failed') refused += 1;
        else {
          await waitUntil(() => {
            if (c.fake.requests({ method: 'POST', path: `/channels/${call.channelId}/answer` }).length === 0) throw new Error('not answered');
          }, { timeout: 10_000, interval: 5 });
          firstAnswered = performance.now() - killedAt;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    let led: number | undefined;
    await waitUntil(async () => {
      const r = await b.readyz();
      if (r?.cluster.role !== 'leader' || r.ari.state !== 'connected') throw new Error('not leading yet');
      led = performance.now() - killedAt;
    }, { timeout: 30_000, interval: 10 });
    await waitUntil(() => {
      const left = live.filter((call) => plays(call.channelId) <= (before.get(call.channelId) ?? 0)).length;
      if (left > 0) throw new Error(`${left} calls not re-adopted yet`);
    }, { timeout: 60_000, interval: 10 });
    const readopted = performance.now() - killedAt;
    await probing;
    return {
      scenario: 'switch',
      params: { live: options.live, pollMs: 200 },
      seconds: (Date.now() - started) / 1000,
      figures: [
        { name: `standby leads, ARI connected (${options.live} live calls)`, value: Math.round(led ?? NaN), unit: 'ms', target: { op: '<=', value: 2000 } },
        { name: 'first new call answered after the kill', value: Math.round(firstAnswered ?? NaN), unit: 'ms', target: { op: '<=', value: 2000 }, note: `${refused} calls refused (603) in the gap` },
        { name: `all ${options.live} live calls re-adopted`, value: Math.round(readopted), unit: 'ms', target: { op: '<=', value: 2000 } },
      ],
    };
  } finally {
    await c.close();
  }
}
