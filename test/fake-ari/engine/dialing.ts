import { CAUSE } from '../core/causes.js';
import { badRequest, conflict, internalError } from '../core/errors.js';
import type { Channel } from '../model/channel.js';
import type { EndpointBehaviour, EndpointConfig } from '../types.js';
import { publishChannelEvent, setState, setVar, type Ctx } from './ctx.js';
import { createChannel, parseCallerId, splitEndpoint } from './factory.js';
import { appHangupSpec, hangup, type HangupSpec } from './hangup.js';
import { enterStasis, publishDialplan, splitArgs } from './stasis.js';

export interface OriginateArgs {
  endpoint?: string;
  app?: string;
  appArgs?: string;
  extension?: string;
  context?: string;
  callerId?: string;
  /** Seconds; Asterisk's default is 30, -1 means no timeout. */
  timeout?: number;
  channelId?: string;
  originator?: string;
  formats?: string;
  variables?: Record<string, string>;
}

/** Format names Asterisk 22 knows (codec_builtin's codecs; `core show codecs`): `formats` names anything else → 400. */
const knownFormats = new Set(
  'g723 ulaw alaw gsm g726 g726aal2 adpcm slin slin12 slin16 slin24 slin32 slin44 slin48 slin96 slin192 lpc10 g729 speex speex16 speex32 ilbc g722 siren7 siren14 testlaw g719 opus codec2 silk silk8 silk12 silk16 silk24 jpeg png h261 h263 h263p h264 h265 mpeg4 vp8 vp9 red t140 t38 none'.split(' '),
);

/** As ARI's originate: each name of the comma-separated `formats` must be a known format. */
function checkFormats(formats: string | undefined): void {
  if (!formats) return;
  for (const name of formats.split(',').map((f) => f.trim())) {
    if (!knownFormats.has(name)) throw badRequest(`Provided format (${name}) was not found`);
  }
}

export function endpointConfig(ctx: Ctx, endpoint: string): EndpointConfig {
  return ctx.world.endpoints.get(endpoint) ?? ctx.opts.defaultEndpoint;
}

function publishDial(ctx: Ctx, peer: Channel, dialstatus: string, dialstring: string): void {
  ctx.bus.publish('Dial', { dialstatus, forward: '', dialstring, peer: peer.toJson() }, { channels: [peer.id] });
}

/** Dial events of originate carry the dialstring every time; those of `/dial` only on the first. */
function laterDialstring(channel: Channel): string {
  return channel.dialing?.mode === 'originate' ? channel.dialing.dialstring : '';
}

function requireEndpoint(ctx: Ctx, endpoint: string | undefined): { tech: string; resource: string; config: EndpointConfig } {
  if (!endpoint) throw badRequest('Endpoint must be specified');
  const parts = splitEndpoint(endpoint);
  if (!parts) throw badRequest('Invalid endpoint specified');
  const config = endpointConfig(ctx, endpoint);
  if (parts.tech !== 'PJSIP' || config.behaviour.kind === 'unreachable') throw internalError('Allocation failed');
  return { ...parts, config };
}

function newOutboundChannel(ctx: Ctx, id: string | undefined, kind: 'originated' | 'created', endpoint: ReturnType<typeof requireEndpoint>): Channel {
  if (id && ctx.world.channels.has(id)) throw conflict('Channel with given unique ID already exists');
  return createChannel(ctx, {
    id,
    name: ctx.ids.channelName(endpoint.tech, endpoint.resource),
    kind,
    state: 'Down',
    caller: { name: endpoint.config.callerName ?? '', number: endpoint.config.callerNumber ?? endpoint.resource },
    dialplan: { context: endpoint.config.context ?? 'default', exten: 's', priority: 1, app_name: '', app_data: '' },
    protocolId: ctx.ids.uuid(),
  });
}

/**
 * `POST /channels`: the leg is dialled at once; Dial "" → RINGING → ANSWER/BUSY with no
 * `caller` field; StasisStart only after answer, with `appArgs` (finding 5).
 */
export function originate(ctx: Ctx, args: OriginateArgs): Channel {
  if (args.originator && args.formats) throw badRequest("Originator and formats can't both be specified");
  checkFormats(args.formats);
  const endpoint = requireEndpoint(ctx, args.endpoint);
  if (!args.app && !args.extension) throw badRequest('Application or extension must be specified');
  const originator = args.originator ? ctx.world.channel(args.originator) : undefined;
  if (args.originator && !originator) throw badRequest('Provided originator channel was not found');
  const channel = newOutboundChannel(ctx, args.channelId, 'originated', endpoint);
  if (args.app) ctx.apps.get(args.app)?.channelSubs.add(channel.id);
  publishDialplan(ctx, channel, 'AppDial2', '(Outgoing Line)');
  const parsed = args.callerId ? parseCallerId(args.callerId) : undefined;
  const connected = parsed ?? originator?.caller;
  if (connected && (connected.name || connected.number)) {
    channel.connected = { ...connected };
    publishChannelEvent(ctx, 'ChannelConnectedLine', channel);
  }
  if (parsed) {
    channel.caller = { ...parsed };
    publishChannelEvent(ctx, 'ChannelCallerId', channel, {
      caller_presentation: 0,
      caller_presentation_txt: 'Presentation Allowed, Not Screened',
    });
  }
  for (const [name, value] of Object.entries(args.variables ?? {})) setVar(ctx, channel, name, value);
  channel.dialing = { mode: 'originate', app: args.app, appArgs: splitArgs(args.appArgs), dialstring: endpoint.resource, timers: [] };
  const timeout = args.timeout === undefined || args.timeout === 0 ? 30 : args.timeout;
  // An endpoint qualify found offline (setEndpointState): nothing answers, like a phone with no SIP listener.
  const offline = ctx.world.endpointStates.get(`${endpoint.tech}/${endpoint.resource}`) === 'offline';
  startDial(ctx, channel, offline ? { kind: 'silent' } : endpoint.config.behaviour, timeout);
  return channel;
}

/** `POST /channels/create`: StasisStart (state Down) before the HTTP response (finding 5). */
export function createOnly(ctx: Ctx, args: { endpoint?: string; app?: string; appArgs?: string; channelId?: string; originator?: string; formats?: string }): Channel {
  if (args.originator && args.formats) throw badRequest("Originator and formats can't both be specified");
  checkFormats(args.formats);
  if (!args.app) throw badRequest('Application name is required');
  const endpoint = requireEndpoint(ctx, args.endpoint);
  const channel = newOutboundChannel(ctx, args.channelId, 'created', endpoint);
  ctx.apps.get(args.app)?.channelSubs.add(channel.id);
  channel.savedDialstring = endpoint.resource;
  const appArgs = splitArgs(args.appArgs);
  publishDialplan(ctx, channel, 'Stasis', [args.app, ...appArgs].join(','));
  if (ctx.apps.isActive(args.app)) enterStasis(ctx, channel, args.app, appArgs);
  else hangup(ctx, channel, { destroy: { cause: CAUSE.normal } });
  return channel;
}

/** `POST /channels/{id}/dial` on a channel made by `/channels/create`. */
export function dialCreated(ctx: Ctx, channel: Channel, args: { caller?: string; timeout?: number }): void {
  if (channel.state !== 'Down') throw conflict("Channel is not in the 'Down' state");
  if (!channel.savedDialstring || channel.dialing) throw conflict('Dialing a channel not created by ARI');
  const caller = args.caller ? ctx.world.channel(args.caller) : undefined;
  if (caller) {
    channel.connected = { ...caller.caller };
    publishChannelEvent(ctx, 'ChannelConnectedLine', channel);
  }
  channel.dialing = { mode: 'dial', appArgs: [], dialstring: channel.savedDialstring, timers: [] };
  const config = endpointConfig(ctx, `${channel.tech}/${channel.savedDialstring}`);
  startDial(ctx, channel, config.behaviour, args.timeout ?? 0);
}

function startDial(ctx: Ctx, channel: Channel, behaviour: EndpointBehaviour, timeoutSeconds: number): void {
  const dialing = channel.dialing;
  if (!dialing) return;
  publishDial(ctx, channel, '', dialing.dialstring);
  const timing = ctx.opts.timing;
  const later = (ms: number, fn: () => void): void => {
    dialing.timers.push(ctx.scheduler.after(ms, fn));
  };
  if (behaviour.kind === 'unreachable') {
    later(0, () => hangup(ctx, channel, { destroy: { cause: 3 } }));
    return;
  }
  if (behaviour.kind !== 'silent') later(timing.ringAfterMs, () => ring(ctx, channel));
  if (behaviour.kind === 'answer') later(Math.max(behaviour.afterMs ?? 20, timing.ringAfterMs), () => answerLeg(ctx, channel));
  if (behaviour.kind === 'busy') later(Math.max(behaviour.afterMs ?? 20, timing.ringAfterMs), () => rejectLeg(ctx, channel, 'busy'));
  if (timeoutSeconds > 0) later(timeoutSeconds * 1000 * timing.dialTimeoutScale, () => timeoutLeg(ctx, channel));
}

function ring(ctx: Ctx, channel: Channel): void {
  if (!channel.dialing || channel.hangingUp || channel.state !== 'Down') return;
  setState(ctx, channel, 'Ringing');
  publishDial(ctx, channel, 'RINGING', laterDialstring(channel));
}

/** The dialled phone answers: Up, Dial ANSWER, then (originate) StasisStart with appArgs. */
export function answerLeg(ctx: Ctx, channel: Channel): boolean {
  const dialing = channel.dialing;
  if (!dialing || channel.hangingUp) return false;
  for (const timer of dialing.timers) ctx.scheduler.cancel(timer);
  dialing.timers = [];
  setState(ctx, channel, 'Up');
  publishDial(ctx, channel, 'ANSWER', laterDialstring(channel));
  channel.dialing = undefined;
  if (dialing.mode !== 'originate' || !dialing.app) return true;
  if (ctx.apps.isActive(dialing.app)) enterStasis(ctx, channel, dialing.app, dialing.appArgs);
  else hangup(ctx, channel, { destroy: { cause: CAUSE.normal } });
  return true;
}

/** The dialled phone answers 486 Busy (finding 4/5): never enters Stasis. */
export function rejectLeg(ctx: Ctx, channel: Channel, reason: 'busy'): boolean {
  if (!channel.dialing || channel.hangingUp || reason !== 'busy') return false;
  hangup(ctx, channel, {
    request: { cause: CAUSE.busy, tech_cause: 486 },
    afterRequest: () => publishDial(ctx, channel, 'BUSY', laterDialstring(channel)),
    destroy: { cause: CAUSE.busy, tech_cause: 486 },
  });
  return true;
}

/** No answer before the timeout: only ChannelDestroyed cause 19, no final Dial (finding 17). */
export function timeoutLeg(ctx: Ctx, channel: Channel): boolean {
  if (!channel.dialing || channel.hangingUp) return false;
  hangup(ctx, channel, { destroy: { cause: CAUSE.noAnswer, tech_cause: 480 } });
  return true;
}

/** The application hangs up a leg that is still ringing (not captured; Dial CANCEL as app_dial reports it). */
export function appHangupSpecFor(ctx: Ctx, channel: Channel, cause: number): HangupSpec {
  const spec = appHangupSpec(cause);
  if (!channel.dialing) return spec;
  const dialstring = laterDialstring(channel);
  return { ...spec, afterRequest: () => publishDial(ctx, channel, 'CANCEL', dialstring) };
}
