import { describe, expect, it } from 'vitest';
import { defaultIvrMenu } from '../../src/ivr/default-menu.js';
import { simulateCall } from '../../src/ivr/simulate.js';

const startAt = new Date('2026-03-02T01:00:00.000Z');

describe('simulateCall: a scripted caller', () => {
  it('given timeout, 7, 1, then the caller hears the menu three times and is enqueued for health, with the steps and path', () => {
    const result = simulateCall(defaultIvrMenu, ['timeout', '7', '1'], startAt);
    expect(result.finished).toBe(true);
    expect(result.currentNode).toBeNull();
    expect(result.exit).toEqual({ type: 'enqueue', fieldCode: 'y-te', priority: 10 });
    expect(result.steps.map((s) => s.event)).toEqual([
      'start',
      'playbackFinished',
      'playbackFinished',
      'timeout',
      'playbackFinished',
      'digit',
      'playbackFinished',
      'digit',
    ]);
    expect(result.steps[3]?.commands).toEqual([{ type: 'play', prompts: ['vi/no-input', 'vi/main-menu'], bargeIn: true }]);
    expect(result.path.map((p) => p.event)).toEqual(['enter', 'enter', 'timeout', 'invalid', 'digit', 'exit']);
  });

  it('given a timeout, then the simulated clock moves on by the timer', () => {
    const result = simulateCall(defaultIvrMenu, ['timeout'], startAt);
    expect(result.path.at(-1)).toEqual({ node: 'main', event: 'timeout', at: '2026-03-02T01:00:06.000Z' });
  });

  it('given no events, then the caller is left waiting in the main menu', () => {
    const result = simulateCall(defaultIvrMenu, [], startAt);
    expect(result).toMatchObject({ finished: false, currentNode: 'main', exit: null });
    expect(result.steps.at(-1)?.commands).toEqual([{ type: 'startTimer', seconds: 6 }]);
  });

  it('given 5 then 9, then the emergency notice plays, the main menu returns, and 9 goes to other matters', () => {
    const result = simulateCall(defaultIvrMenu, ['5', '9'], startAt);
    expect(result.path.map((p) => `${p.node}:${p.event}`)).toEqual([
      'greeting:enter',
      'main:enter',
      'main:digit',
      'emergency:enter',
      'main:enter',
      'main:digit',
      'main:exit',
    ]);
    expect(result.exit).toEqual({ type: 'enqueue', fieldCode: 'khac', priority: 0 });
  });

  it('given keys after the IVR finished, then they are shown with no commands', () => {
    const result = simulateCall(defaultIvrMenu, ['8', '1'], startAt);
    expect(result.exit).toEqual({ type: 'callback' });
    expect(result.steps.at(-1)).toEqual({ event: 'digit', digit: '1', commands: [] });
  });
});
