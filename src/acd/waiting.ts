import type { CallContext } from '../calls/context.js';
import type { CallDeps } from '../calls/deps.js';
import { callPrompts } from '../telephony/prompts.js';

export interface WaitingSettings {
  /** Seconds between position/expected-wait announcements; 0 = none. */
  announceSeconds: number;
  /** Seconds a caller may wait before a callback request is filed for them; 0 = no limit. */
  maxWaitSeconds: number;
  /** The key a waiting caller presses to leave a callback request instead of waiting. */
  callbackKey: string;
}

export interface WaitingHooks {
  /** What to announce now (media URIs), or undefined to skip this time (e.g. the call is being offered). */
  announcement(): Promise<string[] | undefined>;
  /** The caller may leave the queue now (waiting, no phone ringing for them). */
  canLeave(): boolean;
  /** Takes the caller out of the queue (before the callback request is filed). */
  leave(): void;
}

export type QueueCallbackReason = 'queue_key' | 'queue_max_wait';

/** While a caller waits: periodic announcements, the callback key, the maximum wait. Every timer/listener is the call's. */
export interface WaitingCaller {
  /** The caller left the queue (offered and connected, or ended): no more announcements or keys. */
  stop(): void;
  /** Stops an announcement that is playing (before the caller is bridged: addChannel waits for a playback, finding 2). */
  silence(): Promise<void>;
}

const retryMs = 2_000;

export const queuePrompts = {
  next: 'vi/queue-next',
  position: 'vi/queue-position',
  inLine: 'vi/queue-in-line',
  expected: 'vi/wait-expected',
  minutes: 'vi/wait-minutes',
  underMinute: 'vi/wait-under-minute',
} as const;

/** "You are number N in the queue. Expected wait about M minutes." (or "you are next"). */
export function announcementMedia(deps: Pick<CallDeps, 'prompts'>, position: number, expectedSeconds: number): string[] {
  const uri = (name: string) => deps.prompts.uri(name);
  if (position <= 1) return [uri(queuePrompts.next)];
  const minutes = Math.ceil(expectedSeconds / 60);
  const wait = expectedSeconds < 60 ? [uri(queuePrompts.underMinute)] : [uri(queuePrompts.expected), `number:${minutes}`, uri(queuePrompts.minutes)];
  return [uri(queuePrompts.position), `number:${position}`, uri(queuePrompts.inLine), ...wait];
}

export function attendWaitingCaller(
  ctx: CallContext,
  deps: Pick<CallDeps, 'records' | 'prompts'>,
  settings: WaitingSettings,
  enqueuedAt: Date,
  hooks: WaitingHooks,
): WaitingCaller {
  let stopped = false;
  let playing: string | undefined;
  const cancels: Array<() => void> = [];

  const callback = async (reason: QueueCallbackReason) => {
    if (stopped || !hooks.canLeave()) return;
    stop();
    hooks.leave();
    try {
      await silence();
      const id = await deps.records.requestCallback({ callId: ctx.callId, phoneNumber: ctx.callerNumber, reason });
      ctx.outcome = 'callback_requested';
      ctx.log.info({ callbackRequestId: id, reason }, 'callback requested from the queue');
      await ctx.play([deps.prompts.uri(callPrompts.callbackConfirmed)]);
    } catch (error) {
      ctx.log.error({ err: error, reason }, 'callback request from the queue failed');
    }
    await ctx.hangup('system');
  };

  const announce = async () => {
    if (stopped) return;
    try {
      const media = await hooks.announcement();
      if (media && !stopped) {
        const playback = ctx.startPlayback(media);
        playing = playback.id;
        await playback.done;
        playing = undefined;
      }
    } catch (error) {
      ctx.log.warn({ err: error }, 'queue announcement failed');
    }
    if (!stopped) cancels.push(ctx.setTimer(settings.announceSeconds * 1000, () => void announce()));
  };

  const maxWait = (ms: number) => {
    cancels.push(
      ctx.setTimer(ms, () => {
        if (stopped) return;
        if (hooks.canLeave()) void callback('queue_max_wait');
        else maxWait(retryMs);
      }),
    );
  };

  const stop = () => {
    if (stopped) return;
    stopped = true;
    for (const cancel of cancels.splice(0)) cancel();
  };

  const silence = async () => {
    if (playing) await ctx.stopPlayback(playing);
  };

  cancels.push(
    ctx.subscribe((event) => {
      if (event.type === 'ChannelDtmfReceived' && event.channel.id === ctx.channelId && event.digit === settings.callbackKey) void callback('queue_key');
    }),
  );
  if (settings.announceSeconds > 0) cancels.push(ctx.setTimer(settings.announceSeconds * 1000, () => void announce()));
  if (settings.maxWaitSeconds > 0) maxWait(Math.max(0, enqueuedAt.getTime() + settings.maxWaitSeconds * 1000 - Date.now()));
  return { stop, silence };
}
