import { IvrSession, type IvrCommand, type IvrExit } from './engine.js';
import type { IvrMenuDefinition, IvrPathEntry } from './types.js';

/** One scripted caller event: a key ("0"–"9", "*", "#") or "timeout" (the caller pressed nothing). */
export type ScriptedEvent = string;

export interface SimulationStep {
  event: 'start' | 'playbackFinished' | 'digit' | 'timeout';
  digit?: string;
  commands: IvrCommand[];
}

export interface Simulation {
  steps: SimulationStep[];
  path: IvrPathEntry[];
  finished: boolean;
  currentNode: string | null;
  /** How the caller left the IVR, or null when the script ended inside it. */
  exit: IvrExit | null;
}

/** More automatic steps than any valid definition needs (announcement chains are acyclic and at most 100 nodes). */
const maxAutomaticSteps = 1_000;

/**
 * Runs a definition against a scripted caller, for admins testing a menu before saving it. Every playback is
 * heard to its end (the caller presses keys only while a menu waits); a "timeout" lets the menu's timer elapse.
 * Time is simulated: it starts at `startAt` and moves on by the timer's seconds at each timeout.
 */
export function simulateCall(definition: IvrMenuDefinition, events: readonly ScriptedEvent[], startAt = new Date()): Simulation {
  let clock = startAt.getTime();
  let timerSeconds = 0;
  const session = new IvrSession(definition, { now: () => new Date(clock) });
  const steps: SimulationStep[] = [];
  const run = (step: Omit<SimulationStep, 'commands'>, commands: IvrCommand[]) => {
    for (const command of commands) if (command.type === 'startTimer') timerSeconds = command.seconds;
    steps.push({ ...step, commands });
  };
  const playToTheEnd = () => {
    for (let i = 0; session.phase === 'playing'; i += 1) {
      if (i >= maxAutomaticSteps) throw new Error('IVR simulation did not settle');
      run({ event: 'playbackFinished' }, session.onPlaybackFinished());
    }
  };

  run({ event: 'start' }, session.start());
  for (const event of events) {
    playToTheEnd();
    if (event === 'timeout') {
      clock += timerSeconds * 1000;
      run({ event: 'timeout' }, session.onTimeout());
    } else {
      run({ event: 'digit', digit: event }, session.onDigit(event));
    }
  }
  playToTheEnd();

  const finish = steps.flatMap((s) => s.commands).find((c) => c.type === 'finish');
  return {
    steps,
    path: [...session.path],
    finished: session.finished,
    currentNode: session.currentNode,
    exit: finish?.type === 'finish' ? finish.action : null,
  };
}
