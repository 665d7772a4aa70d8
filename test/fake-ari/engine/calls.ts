import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { asteriskTimestamp } from '../core/clock.js';
import { CAUSE } from '../core/causes.js';
import type { Channel } from '../model/channel.js';
import type { CallOutcome, PlaceCallOptions } from '../types.js';
import { setState, setVar, type Ctx } from './ctx.js';
import { createChannel, splitEndpoint } from './factory.js';
import { hangup } from './hangup.js';
import { enterStasis, publishDialplan } from './stasis.js';

/**
 * A citizen calls: the channel arrives on the trunk and runs `Stasis(app, to)`. With no
 * application connected, Stasis() fails at once: STASISSTATUS=FAILED and the caller gets
 * SIP 603 (findings 10, 14), or, with `dialplanFallback`, the project's fallback context answers
 * (captures/dialplan-fallback); the outcome records it instead of a StasisStart.
 */
export function placeCall(ctx: Ctx, options: PlaceCallOptions): CallOutcome {
  const to = options.to ?? '1022';
  const app = options.app ?? ctx.opts.defaultApp;
  const endpoint = splitEndpoint(options.endpoint ?? 'PJSIP/pstn') ?? { tech: 'PJSIP', resource: 'pstn' };
  const channel = createChannel(ctx, {
    name: ctx.ids.channelName(endpoint.tech, endpoint.resource),
    kind: 'inbound',
    state: 'Ring',
    caller: { name: options.callerName ?? '', number: options.from },
    dialplan: { context: options.context ?? 'from-pstn', exten: to, priority: 1, app_name: '', app_data: '' },
  });
  channel.protocolId = `${ctx.ids.uuid()}@127.0.0.1`;
  publishDialplan(ctx, channel, 'Stasis', `${app},${to}`);
  const outcome: CallOutcome = {
    channelId: channel.id,
    from: options.from,
    to,
    app,
    outcome: 'stasis',
    stasisStatus: '',
    at: asteriskTimestamp(ctx.clock.now()),
  };
  ctx.world.outcomes.push(outcome);
  if (ctx.apps.isActive(app)) {
    enterStasis(ctx, channel, app, [to]);
    return { ...outcome };
  }
  failStasis(ctx, channel, outcome);
  return { ...outcome };
}

function failStasis(ctx: Ctx, channel: Channel, outcome: CallOutcome): void {
  setVar(ctx, channel, 'STASISSTATUS', 'FAILED');
  outcome.stasisStatus = 'FAILED';
  const fallback = ctx.opts.dialplanFallback;
  if (fallback) {
    // captures/dialplan-fallback: GotoIf → the fallback context answers; the channel stays up outside Stasis.
    publishDialplan(ctx, channel, 'GotoIf', '1?stasis-fallback,s,1');
    channel.dialplan = { ...channel.dialplan, context: 'stasis-fallback', exten: 's', priority: 1 };
    channel.fallbackManifest = join(fallback.dir, `${channel.id}.call`);
    const number = fallback.serviceNumber ?? outcome.to;
    appendFileSync(
      channel.fallbackManifest,
      `start v=1 uniqueid=${channel.id} linkedid=${channel.id} caller=${channel.caller.number.replace(/[^+0-9]/g, '')} number=${number.replace(/\D/g, '')} at=${asteriskTimestamp(ctx.clock.now())}\n`,
    );
    publishDialplan(ctx, channel, 'Answer', '');
    setState(ctx, channel, 'Up');
    outcome.outcome = 'fallback';
    outcome.sipStatus = 200;
    return;
  }
  outcome.outcome = 'failed';
  outcome.sipStatus = 603;
  hangup(ctx, channel, { destroy: { cause: CAUSE.normal } });
}
