import { IvrSession, type IvrCommand, type IvrExit } from '../../ivr/engine.js';
import type { IvrMenuDefinition, IvrPathEntry } from '../../ivr/types.js';
import type { CallContext } from '../context.js';
import type { CallDeps } from '../deps.js';

/**
 * Runs the IVR engine's commands on a call (R3): playbacks (media lists, barge-in), the digit timer, and the path
 * saved on the call record after every event (written behind the call: a digit is answered without waiting for it). Resolves with how the caller left the IVR, or null when the call ended.
 * `pathBefore` keeps the path of an earlier run (a call re-adopted after a restart starts its menu again).
 */
export function runIvr(
  ctx: CallContext,
  deps: Pick<CallDeps, 'records' | 'prompts'>,
  definition: IvrMenuDefinition,
  pathBefore: readonly IvrPathEntry[] = [],
): Promise<IvrExit | null> {
  const session = new IvrSession(definition);
  let currentPlayback: string | undefined;
  let cancelTimer: (() => void) | undefined;
  let savedSteps = 0;

  const savePath = () => {
    if (session.path.length === savedSteps) return;
    savedSteps = session.path.length;
    void deps.records.saveIvrPath(ctx.callId, [...pathBefore, ...session.path]);
  };

  return new Promise<IvrExit | null>((resolve) => {
    let done = false;
    const finish = (exit: IvrExit | null) => {
      if (done) return;
      done = true;
      offDigits();
      offEnd();
      cancelTimer?.();
      savePath();
      resolve(exit);
    };

    const stopCurrent = () => {
      const id = currentPlayback;
      currentPlayback = undefined;
      if (id) void ctx.stopPlayback(id).catch((error: unknown) => ctx.log.warn({ err: error }, 'stopping a playback failed'));
    };

    const execute = (commands: IvrCommand[]) => {
      for (const command of commands) {
        if (done) return;
        switch (command.type) {
          case 'play': {
            stopCurrent();
            const playback = ctx.startPlayback(deps.prompts.uris(command.prompts));
            currentPlayback = playback.id;
            void playback.done.then((end) => {
              if (currentPlayback !== playback.id) return; // replaced or stopped by a digit
              currentPlayback = undefined;
              // A prompt that cannot be played must not leave the caller in silence: go on as if it was heard.
              if (end === 'finished' || end === 'failed') step(() => session.onPlaybackFinished());
            });
            break;
          }
          case 'stopPlayback':
            stopCurrent();
            break;
          case 'startTimer':
            cancelTimer?.();
            cancelTimer = ctx.setTimer(command.seconds * 1000, () => {
              cancelTimer = undefined;
              step(() => session.onTimeout());
            });
            break;
          case 'cancelTimer':
            cancelTimer?.();
            cancelTimer = undefined;
            break;
          case 'finish':
            stopCurrent();
            finish(command.action);
            return;
        }
      }
    };

    const step = (next: () => IvrCommand[]) => {
      if (done) return;
      execute(next());
      savePath();
    };

    const offDigits = ctx.subscribe((event) => {
      if (event.type === 'ChannelDtmfReceived' && event.channel.id === ctx.channelId) {
        ctx.log.debug({ digit: event.digit, node: session.currentNode }, 'IVR digit');
        step(() => session.onDigit(event.digit));
      }
    });
    const offEnd = ctx.onEnd(() => finish(null));

    step(() => session.start());
  });
}
