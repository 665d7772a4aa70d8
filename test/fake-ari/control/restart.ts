import { CAUSE, SOFT_HANGUP } from '../core/causes.js';
import { hangup } from '../engine/hangup.js';
import type { Internals } from './fake-ari.js';

/** See FakeAri.restart (finding 16). */
export async function restartAsterisk(internals: Internals, downMs: number): Promise<void> {
  const { ctx, host } = internals;
  for (const channel of ctx.world.liveChannels()) {
    hangup(ctx, channel, { request: { cause: SOFT_HANGUP.shutdown, soft: true }, destroy: { cause: CAUSE.unknown } });
  }
  await ctx.scheduler.sleep(ctx.opts.timing.restartSocketCloseMs);
  await host.stop(false);
  ctx.scheduler.clearAll();
  ctx.world.clearRuntime();
  ctx.apps.clear();
  ctx.ids.reset();
  await ctx.scheduler.sleep(downMs);
  await host.listen();
  internals.startedAt.value = ctx.clock.now();
}
