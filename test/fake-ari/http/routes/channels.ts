import { CAUSE, HANGUP_REASONS } from '../../core/causes.js';
import { badRequest, notFound, unprocessable } from '../../core/errors.js';
import { publishChannelEvent, setState, setVar, type Ctx } from '../../engine/ctx.js';
import { appHangupSpecFor, createOnly, dialCreated, originate, type OriginateArgs } from '../../engine/dialing.js';
import { splitEndpoint } from '../../engine/factory.js';
import { hangup } from '../../engine/hangup.js';
import { enqueue } from '../../engine/media.js';
import { createSnoop, validateSnoop } from '../../engine/snoop.js';
import { exitStasis } from '../../engine/stasis.js';
import type { Channel } from '../../model/channel.js';
import { bodyVariables, int, str } from '../params.js';
import { json, noContent, type Query, type Reply, type Request, type Router } from '../router.js';
import { requireChannel, requireControl, requireValidState } from './lookup.js';
import { newPlayback, newRecording, validateDurations } from './media-args.js';

function originateArgs(request: Request, channelId?: string): OriginateArgs {
  const q = request.query;
  return {
    endpoint: str(q, 'endpoint'),
    app: str(q, 'app'),
    appArgs: str(q, 'appArgs'),
    extension: str(q, 'extension'),
    context: str(q, 'context'),
    callerId: str(q, 'callerId'),
    timeout: int(q, 'timeout', 30),
    channelId: channelId ?? str(q, 'channelId'),
    originator: str(q, 'originator'),
    formats: str(q, 'formats'),
    variables: bodyVariables(request.body),
  };
}

function hangupCause(query: Query): number {
  const reason = str(query, 'reason');
  const reasonCode = str(query, 'reason_code');
  if (reason && reasonCode) throw badRequest("The reason and reason_code can't both be specified");
  if (reasonCode) {
    const code = Number.parseInt(reasonCode, 10);
    if (Number.isNaN(code)) throw badRequest('Invalid reason for hangup reason code provided');
    return code;
  }
  if (!reason) return CAUSE.normal;
  const cause = HANGUP_REASONS[reason];
  if (cause === undefined) throw badRequest('Invalid reason for hangup provided');
  return cause;
}

/** A control operation on a channel in Stasis in a valid state (answer, ring, moh, hold…). */
function controlled(ctx: Ctx, request: Request, act: (channel: Channel) => void): Reply {
  const channel = requireControl(ctx, request.params.channelId ?? '');
  requireValidState(channel);
  act(channel);
  return noContent();
}

function play(ctx: Ctx, request: Request): Reply {
  const channel = requireControl(ctx, request.params.channelId ?? '');
  requireValidState(channel);
  const playback = newPlayback(ctx, request.query, `channel:${channel.id}`, channel.language, request.params.playbackId);
  const body = playback.toJson();
  enqueue(ctx, channel.media, { kind: 'playback', playback });
  return json(201, body);
}

function record(ctx: Ctx, request: Request): Reply {
  validateDurations(request.query);
  const channel = requireControl(ctx, request.params.channelId ?? '');
  const recording = newRecording(ctx, request.query, `channel:${channel.id}`);
  const body = recording.toJson();
  enqueue(ctx, channel.media, { kind: 'recording', recording });
  return json(201, body);
}

function redirect(ctx: Ctx, request: Request): Reply {
  const channel = requireControl(ctx, request.params.channelId ?? '');
  requireValidState(channel);
  const endpoint = str(request.query, 'endpoint');
  if (!endpoint) throw badRequest("Required parameter 'endpoint' not provided.");
  const parts = splitEndpoint(endpoint);
  if (!parts) throw unprocessable(`Endpoint parameter '${endpoint}' does not contain tech/resource`);
  if (parts.tech.toLowerCase() !== channel.tech.toLowerCase()) {
    throw unprocessable(`Endpoint technology '${parts.tech}' does not match channel technology '${channel.tech}'`);
  }
  // Before answer: SIP 302 and the channel is gone. After answer: a REFER nothing acts on (finding 21).
  if (channel.state !== 'Up') {
    ctx.scheduler.after(0, () =>
      hangup(ctx, channel, {
        request: { cause: CAUSE.redirected, tech_cause: 302 },
        endOfStasisTechCause: 302,
        destroy: { cause: CAUSE.redirected, tech_cause: 302 },
      }),
    );
  }
  return noContent();
}

/** `continue`: StasisEnd, then the dialplan runs; the fake's dialplan hangs up shortly after. */
function continueInDialplan(ctx: Ctx, request: Request): Reply {
  return controlled(ctx, request, (channel) => {
    const context = str(request.query, 'context');
    const exten = str(request.query, 'extension');
    channel.dialplan = {
      ...channel.dialplan,
      context: context || channel.dialplan.context,
      exten: exten || (context ? 's' : channel.dialplan.exten),
      priority: int(request.query, 'priority', 1),
    };
    exitStasis(ctx, channel);
    const delay = ctx.opts.timing.continueHangupAfterMs;
    if (delay < 0) return;
    ctx.scheduler.after(delay, () => {
      hangup(ctx, channel, { request: { cause: 16, soft: true }, destroy: { cause: CAUSE.unknown } });
    });
  });
}

function getVariable(ctx: Ctx, request: Request): Reply {
  const variable = str(request.query, 'variable');
  if (!variable) throw badRequest('Variable name is required');
  const channel = ctx.world.channel(request.params.channelId ?? '');
  if (!channel) throw notFound('Provided channel was not found');
  const value = channel.vars.get(variable);
  if (value === undefined) throw notFound('Provided variable was not found');
  return json(200, { value });
}

function setVariable(ctx: Ctx, request: Request): Reply {
  const variable = str(request.query, 'variable');
  if (!variable) throw badRequest('Variable name is required');
  const channel = requireControl(ctx, request.params.channelId ?? '');
  setVar(ctx, channel, variable, str(request.query, 'value') ?? '');
  return noContent();
}

function snoop(ctx: Ctx, request: Request): Reply {
  const q = request.query;
  const args = {
    spy: str(q, 'spy'),
    whisper: str(q, 'whisper'),
    app: str(q, 'app'),
    appArgs: str(q, 'appArgs'),
    snoopId: request.params.snoopId ?? str(q, 'snoopId'),
  };
  validateSnoop(args);
  const target = ctx.world.channel(request.params.channelId ?? '');
  if (!target) throw notFound('Provided channel was not found');
  return json(200, createSnoop(ctx, target, args).toJson());
}

export function channelRoutes(router: Router, ctx: Ctx): void {
  router
    .add('GET', '/channels', () => json(200, ctx.world.liveChannels().map((c) => c.toJson())))
    .add('POST', '/channels', (r) => json(200, originate(ctx, originateArgs(r)).toJson()))
    .add('POST', '/channels/create', (r) => {
      const q = r.query;
      const args = { endpoint: str(q, 'endpoint'), app: str(q, 'app'), appArgs: str(q, 'appArgs'), channelId: str(q, 'channelId'), originator: str(q, 'originator'), formats: str(q, 'formats') };
      return json(200, createOnly(ctx, args).toJson());
    })
    .add('GET', '/channels/:channelId', (r) => json(200, requireChannel(ctx, r.params.channelId ?? '').toJson()))
    .add('POST', '/channels/:channelId', (r) => json(200, originate(ctx, originateArgs(r, r.params.channelId)).toJson()))
    .add('DELETE', '/channels/:channelId', (r) => {
      const channel = requireChannel(ctx, r.params.channelId ?? '');
      hangup(ctx, channel, appHangupSpecFor(ctx, channel, hangupCause(r.query)));
      return noContent();
    })
    .add('POST', '/channels/:channelId/continue', (r) => continueInDialplan(ctx, r))
    .add('POST', '/channels/:channelId/redirect', (r) => redirect(ctx, r))
    .add('POST', '/channels/:channelId/answer', (r) => controlled(ctx, r, (c) => setState(ctx, c, 'Up')))
    .add('POST', '/channels/:channelId/ring', (r) => controlled(ctx, r, () => undefined))
    .add('DELETE', '/channels/:channelId/ring', (r) => controlled(ctx, r, () => undefined))
    .add('POST', '/channels/:channelId/progress', (r) => controlled(ctx, r, () => undefined))
    .add('POST', '/channels/:channelId/dtmf', (r) =>
      controlled(ctx, r, () => {
        if (!str(r.query, 'dtmf')) throw badRequest('DTMF is required');
      }),
    )
    .add('POST', '/channels/:channelId/mute', (r) => controlled(ctx, r, () => undefined))
    .add('DELETE', '/channels/:channelId/mute', (r) => controlled(ctx, r, () => undefined))
    .add('POST', '/channels/:channelId/hold', (r) =>
      controlled(ctx, r, (c) => {
        c.onHold = true;
        publishChannelEvent(ctx, 'ChannelHold', c);
      }),
    )
    .add('DELETE', '/channels/:channelId/hold', (r) =>
      controlled(ctx, r, (c) => {
        c.onHold = false;
        publishChannelEvent(ctx, 'ChannelUnhold', c);
      }),
    )
    .add('POST', '/channels/:channelId/moh', (r) => controlled(ctx, r, (c) => (c.mohClass = str(r.query, 'mohClass') || 'default')))
    .add('DELETE', '/channels/:channelId/moh', (r) => controlled(ctx, r, (c) => (c.mohClass = undefined)))
    .add('POST', '/channels/:channelId/silence', (r) => controlled(ctx, r, () => undefined))
    .add('DELETE', '/channels/:channelId/silence', (r) => controlled(ctx, r, () => undefined))
    .add('POST', '/channels/:channelId/play', (r) => play(ctx, r))
    .add('POST', '/channels/:channelId/play/:playbackId', (r) => play(ctx, r))
    .add('POST', '/channels/:channelId/record', (r) => record(ctx, r))
    .add('GET', '/channels/:channelId/variable', (r) => getVariable(ctx, r))
    .add('POST', '/channels/:channelId/variable', (r) => setVariable(ctx, r))
    .add('POST', '/channels/:channelId/snoop', (r) => snoop(ctx, r))
    .add('POST', '/channels/:channelId/snoop/:snoopId', (r) => snoop(ctx, r))
    .add('POST', '/channels/:channelId/dial', (r) => {
      const channel = requireControl(ctx, r.params.channelId ?? '');
      dialCreated(ctx, channel, { caller: str(r.query, 'caller'), timeout: int(r.query, 'timeout', 0) });
      return noContent();
    });
}
